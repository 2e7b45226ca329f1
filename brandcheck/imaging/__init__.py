"""Pure image maths (numpy in, numpy or dataclasses out): no profiles, findings or file I/O."""

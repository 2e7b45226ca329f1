"""The shipped brand profiles (data only), installed as the package `brandcheck_profiles`."""

"""What some rules judge and leave out, beyond their one-line summary: the notes of
docs/RULES.md (``brandcheck rules --format markdown``), by rule code."""

from __future__ import annotations

NOTES: dict[str, str] = {
    "BC101": (
        "The profile's own logotype is the one its [[logo.templates]] name (the S:t Erik "
        "logotype for the city; a company's profile names the company's), and only a find of "
        "it counts; a forbidden logo ([[logo.forbidden_templates]], BC108) does not. Material "
        "that shows another sender's line from the profile's [[sender.other_senders]] (under "
        "the city profile: 'en del av Stockholms stad', a city-owned company's) is not asked "
        "for the logotype but pointed to the profile to check it with (stockholm-bolag). The "
        "line is looked for in the text the sender rules read, so not when no sender rule is "
        "selected (--select logo)."
    ),
    "BC102": (
        "The width is the logo's artwork's, not that of the file it is placed from: where a "
        "logo file (a placed picture, PDF or SVG) has a margin around its artwork, no wider "
        "on any side than the logo's clear space (wider, and it holds other art, such as a "
        "partner's logo in a lockup, or is a page or photo), and its frame is as wide as the "
        "minimum or wider, the finding gives both widths (the artwork's to a tenth of a "
        "millimetre), so a frame set to the minimum in a layout program is not read as a "
        "wrong measure."
    ),
    "BC103": (
        "The clear space runs to the page's trim (a PDF's TrimBox, else the page): crop "
        "marks, slug notes and a bleed beyond it are not in it, and the finding names the trim "
        "or page edges it runs past. In pictures content is found side by side, a contour at "
        "least half a clear space long in a stretch of one side, and reported with its side "
        "and distance from the logo; on a busy background it is left to BC109."
    ),
    "BC105": (
        "The search finds logos turned up to about ±10°. Beyond that, a quarter or half turn "
        "is found in a PDF's vector or placed art of a logo's proportions, and on a scan (a "
        "picture, or a PDF page that is one placed picture) with no logo of the profile's own "
        "found on it upright, each page on its own, at the turns its lines of text show (a scan "
        "whose text stands upright is not searched turned): the finding then says the page is a "
        "scan, which may itself "
        "have been scanned sideways or upside down (turn it upright and check it again). A "
        "picture without clear lines of text is searched turned only if it has a sheet's "
        "proportions (A4, US Letter or Legal), not a web picture's. Not found: a "
        "turned logo inside a photo placed on a designed page, or set sideways on a scan whose "
        "text stands upright; such a page reports the logo missing (BC101)."
    ),
    "BC106": (
        "The colour is read on the core of the logo's ink, the pixels at least 2 px inside "
        "the artwork at the pose found (on a PDF page a thin-lined or small logo on a sharper "
        "render of it): the colour most of them share, in both halves of the artwork. A logo "
        "whose lines are too thin in a picture to have a core, or in two inks side by side, "
        "is reported as not judged (BC910, naming BC106), not passed, and gets no colour in "
        "the report."
    ),
    "BC109": (
        "Busyness is measured in the logo's clear-space ring on pixels of the page inside the "
        "trim only, 2 px or more clear of the logo's ink at the pose found, without what "
        "BC103 reports in it (content a picture shows there only where the rest of the ring "
        "is then flat: a headline on a plain ground, not a photo's detail). Contrast is that "
        "of the ink BC106 judges, where it was measured."
    ),
    "BC201": (
        "A page's off-palette colours are reported one by one for the 25 largest painted "
        "areas; the others (a chart, a stepped blend or a picture drawn in vectors can have "
        "thousands) are summed up in one finding with their number and worst ΔE00, and the "
        "report lists the page's 200 largest vector colours. CMYK, in vectors as in "
        "pictures, matches a palette colour by its hex value or by its CMYK values as the "
        "page shows them, and a finding names the one its ΔE00 was measured to. A PDF "
        "colour whose look cannot "
        "be worked out (a spot colour whose tint transform is not evaluated, a colour space "
        "that cannot be read) is reported as not judged (BC910, naming BC201), not passed."
    ),
    "BC202": (
        "One finding a file for each colour space the target does not allow, naming the pages "
        "it is on and counting every picture, piece of text, shape, line and gradient colour "
        "in it, with their boxes: an RGB photo on four pages of a brochure is one finding. A "
        "found logo whose artwork is in that space has a finding of its own, at the logo."
    ),
    "BC203": (
        "In print material a text or ground colour within ΔE00 2 of a palette colour's CMYK, "
        "as the renderer shows it, is that palette colour, and its contrast is taken with the "
        "palette's RGB: one design gets one verdict whether its colours are set in CMYK, as "
        "spot inks or in RGB. See-through text is judged as it shows, blended with its ground "
        "by its opacity. Text in pictures is large text (18 pt, or 14 pt bold) when its size "
        "as OCR estimates it (±15 %) is so at its least, bold told by its strokes' width; "
        "where the size may or may not be large text's, a contrast that large text would pass "
        "is a warning. Such text is found against its local ground as well as by one "
        "threshold for the page, so light text on a light ground beside a dark logo is read; "
        "a row of text on a flat ground that OCR sees and cannot read, or text in strokes "
        "too thin to show its colour (under two pixels) that may be too low in contrast, "
        "makes the rule not judged there (BC910, naming BC203), not passed. Lettering in a "
        "found logo is the logo's (BC109), not text."
    ),
    "BC401": (
        "Only text a reader sees counts: not text under a picture or a box, in its ground's "
        "colour, or invisible (except a scan's searchable layer over the scan), nor text in "
        "the slug beyond a PDF's TrimBox; when the text layer holds it only there, the "
        "finding says where it is and why it does not count, as a search of the PDF finds "
        "it. Where the text "
        "layer lacks it, OCR reads the page's pictures and its vector art that may be text in "
        "outlines (beside a text layer: art up to 72 pt high showing at least 8 letter-like "
        "shapes); without OCR such a page makes the rule skipped (BC910), not failed. In a "
        "text layer the phrase must stand exactly (case, the kind and width of spaces, "
        "hyphenation, reading order and ligatures aside): 'Stockholms stads' or a typo is not "
        "it, nor are words run together ('endel', 'Stockholmsstad'); letter-spaced words and "
        "words drawn apart without space characters count. As OCR reads it, "
        "letters may differ (one in ten) only in words OCR read unsurely (low confidence, or "
        "letters under about 12 px to the em in the picture's own pixels, as in a shrunk "
        "e-mail signature), and no word may be missing: a typo read clearly in a picture or "
        "in outlines is not it either."
    ),
    "BC301": (
        "Signs are not typefaces. A font that sets no word on a page, only bullets, check "
        "marks, arrows and the private-use characters Word writes for symbol fonts (U+F0xx), "
        "is not judged there, whatever its name. In a symbol, dingbat or pi font (Symbol, "
        "ZapfDingbats, Wingdings 1-3, Webdings, MT Extra, Marlett, OpenSymbol, Segoe UI Symbol, "
        "European Pi, ...) a single letter or digit standing alone is a sign too (Wingdings' "
        "check mark is the letter 'ü', Symbol's α in a formula); two in a row are a word. A "
        "symbol font that sets words (a heading in Symbol) is a font choice and is judged like "
        "any other, as is a single letter in a font that is no symbol font (a drop cap). "
        "A typeface is one finding over its optical sizes (TeX's CMR10, CMR6 and CMBX12 are "
        "Computer Modern). A family named as a profile typeface followed only by words of "
        "its edition, weight or style is that typeface, here and for BC304 alike: Stockholm "
        "Type Office, Web, Text or Display, Verdana Pro (Verdana extended by its designer), "
        "Arial Std, Times New Roman PS; a typeface whose name only begins alike is not "
        "(Stockholm Typewriter, Arialic), nor a width of its own (Arial Narrow, Verdana Pro "
        "Cond). Arial Black is Arial in its Black weight. A Type 3 font with no name of its "
        "own (pdfLaTeX's bitmap fonts, known only by a resource name such as /F36) is reported "
        "as an unnamed Type 3 font: no typeface can be told from its glyphs, so none the "
        "profile allows. Text in a font the PDF names nowhere (a font resource without "
        "/BaseFont or /FontName whose font program names itself neither, or a font the "
        "page's resources do not hold, as when a repair lost them) cannot be held to the "
        "list: its typeface is reported as not judged (BC910, naming BC301, and BC304 where "
        "a typeface is reserved), not passed; such a font embedded is judged by the name its "
        "program gives itself. An SVG's text is "
        "judged by the font-family the SVG asks for (the first of a list), not by the font "
        "MuPDF substitutes for it. Text converted to outlines (a PDF page without a text "
        "layer whose vector art OCR reads as lines of words) names no font: its typefaces "
        "are reported as not judged (BC910, naming BC301, and BC304 where a typeface is "
        "reserved), not passed."
    ),
    "BC302": (
        "The base-14 Symbol and ZapfDingbats need not be embedded where they set only signs "
        "(see BC301): every viewer and printer has them. A font whose embedding cannot be told "
        "(text of an annotation's appearance, whose fonts are not the page's) is listed with "
        "`embedded: null` and not reported."
    ),
    "BC303": (
        "Invisible text (render mode 3 or 7: the searchable layer of a scan) is not typeset "
        "and is not judged by BC301-BC305. Text below the minimum is counted per run of spans "
        "of one font and size side by side on a baseline, so letter-spaced text set glyph by "
        "glyph is found; a lone letter or digit (a superscript, a footnote mark) is not. The "
        "manual recommends 11 pt (29 px) for Stockholm Type Bold headings, which gives a "
        "warning: a bold line counts as a heading when it reads as one, at most 12 words and "
        "not ending in a colon (a label such as 'Kontakt:'), a full stop, comma or semicolon "
        "(bold running text), nor one of a block of labels of up to four words and their values "
        "set one under another ('Datum: 12 september' over 'Plats: Stadsbiblioteket', a "
        "poster's facts; such a line alone can be a heading); a line 1.25 times the body "
        "size is a heading whatever it ends in. "
        "In print the manual allows such a heading down to 8 pt next to images, diagrams and "
        "illustrations: within two line heights of a placed picture, not set on it (diagrams "
        "drawn as vector art are not told apart from other drawings, so not counted). "
        "In pictures, image-only pages and text converted to outlines sizes are estimated from "
        "OCR (±15 %), leaving out the lettering of a logo found on the page; a row of small "
        "print OCR saw but could not read, and that may be below the minimum, makes the rule "
        "not judged there (BC910, naming BC303), not passed. For print, a picture without a "
        "resolution (dpi) has no print size: where it shows text, the rule is reported as not "
        "judged (BC910); check screen material with --target digital."
    ),
    "BC501": (
        "Only raster images are judged: image XObjects and inline images (image masks too). A "
        "gradient (a PDF shading, drawn with `sh` or as a shading pattern) is drawn in vectors "
        "and has no resolution, although MuPDF lists it among a page's images and the logo "
        "search takes it for artwork. One finding a file names the lowest resolution and its "
        "page, and marks every image under the minimum, the lowest first."
    ),
    "BC304": (
        "A reserved typeface is matched as BC301 matches an allowed one: its editions, weights "
        "and styles are it (Stockholm Type Office, StockholmTypeWeb-Bold), a typeface whose "
        "name only begins alike is not (Stockholm Typewriter). A font named by a printer "
        "driver (CIDFont+F1) is judged by the name of the font program inside."
    ),
    "BC305": (
        "Headings are the lines BC303 takes for headings (bold ones that read as headings, "
        "and lines 1.25 times the body size); words of up to four capitals are acronyms. The "
        "manual allows capitals in small headings where hierarchy needs them, and asks to "
        "avoid them: a heading under the size it recommends for headings (11 pt, 29 px) set "
        "in capitals, such as a kicker over a headline, is told as information, not warned."
    ),
}

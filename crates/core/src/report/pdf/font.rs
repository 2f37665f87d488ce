//! The PDF's two typefaces, DejaVu Sans and DejaVu Sans Bold (assets/fonts/, with their
//! licence), built into the program so a report looks the same on every machine. Each is
//! embedded as a subset of the glyphs the report uses, as a CID font whose codes are the
//! subset's glyph ids, with a ToUnicode map so the text can be searched and copied.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use super::stream::deflate;

const REGULAR: &[u8] = include_bytes!("../../../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Drawn for a character the font lacks: visible, and copied as U+FFFD.
const REPLACEMENT: char = '\u{FFFD}';

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

/// A typeface and the glyphs the document has used of it so far.
pub struct Font {
    data: &'static [u8],
    face: Face<'static>,
    pub name: &'static str,
    /// The glyphs used, by their id in the font, numbered anew for the subset.
    remapper: GlyphRemapper,
    /// The text each subset glyph stands for.
    unicode: BTreeMap<u16, char>,
}

impl Font {
    pub fn new(weight: Weight) -> Font {
        let (data, name) = match weight {
            Weight::Regular => (REGULAR, "DejaVuSans"),
            Weight::Bold => (BOLD, "DejaVuSans-Bold"),
        };
        let face = Face::parse(data, 0).expect("the built-in font parses");
        Font { data, face, name, remapper: GlyphRemapper::new(), unicode: BTreeMap::new() }
    }

    fn glyph(&self, c: char) -> (GlyphId, char) {
        match self.face.glyph_index(c) {
            Some(id) => (id, c),
            None => (self.face.glyph_index(REPLACEMENT).unwrap_or(GlyphId(0)), REPLACEMENT),
        }
    }

    fn units(&self, units: impl Into<f64>) -> f64 {
        units.into() / f64::from(self.face.units_per_em())
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f64) -> f64 {
        text.chars().map(|c| self.advance(self.glyph(c).0)).sum::<f64>() * size
    }

    /// A character's advance in ems.
    fn advance(&self, id: GlyphId) -> f64 {
        self.units(self.face.glyph_hor_advance(id).unwrap_or(0))
    }

    /// `text` as the codes the page shows it with (two bytes each), noting its glyphs.
    pub fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut codes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let (id, shown) = self.glyph(c);
            let code = self.remapper.remap(id.0);
            self.unicode.entry(code).or_insert(shown);
            codes.extend(code.to_be_bytes());
        }
        codes
    }

    /// Writes the font's objects, `ids` of which the first is the font the pages name.
    pub fn write(&self, pdf: &mut Pdf, ids: [Ref; 5]) {
        let [type0, cid, descriptor, file, to_unicode] = ids;
        let base = format!("BOTDSH+{}", self.name);
        let base = Name(base.as_bytes());
        pdf.type0_font(type0)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(to_unicode);
        let info =
            SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
        let mut cid_font = pdf.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type2)
            .base_font(base)
            .system_info(info)
            .font_descriptor(descriptor)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        let widths: Vec<f32> = self
            .remapper
            .remapped_gids()
            .map(|old| (self.advance(GlyphId(old)) * 1000.0) as f32)
            .collect();
        cid_font.widths().consecutive(0, widths);
        cid_font.finish();

        let f = &self.face;
        let b = f.global_bounding_box();
        let em = |v: i16| (self.units(v) * 1000.0) as f32;
        pdf.font_descriptor(descriptor)
            .name(base)
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(em(b.x_min), em(b.y_min), em(b.x_max), em(b.y_max)))
            .italic_angle(0.0)
            .ascent(em(f.ascender()))
            .descent(em(f.descender()))
            .cap_height(em(f.capital_height().unwrap_or(f.ascender())))
            .stem_v(80.0)
            .font_file2(file);
        let subset =
            subsetter::subset(self.data, 0, &self.remapper).expect("the built-in font subsets");
        pdf.stream(file, &deflate(&subset)).filter(Filter::FlateDecode);

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), info);
        for (code, c) in &self.unicode {
            cmap.pair(*code, *c);
        }
        pdf.stream(to_unicode, &cmap.finish());
    }
}

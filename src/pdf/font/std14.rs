//! The standard 14 fonts: recognising them (and their common aliases, such as
//! `Arial,Bold` or `TimesNewRomanPS-BoldMT`) from a BaseFont name, and their
//! glyph widths, for fonts a PDF uses without a `/Widths` array.

use super::encoding::standard_glyph;
use super::tables::{NONE, STD14_NAMES, STD14_WIDTHS};

/// One of the standard 14 fonts (index into the generated tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Std14(usize);

impl Std14 {
    /// Recognises a standard-14 font or an alias from a BaseFont name
    /// (subset prefix already removed). `None` for anything else.
    pub fn from_base_font(name: &str) -> Option<Std14> {
        Self::by_family(name, false)
    }

    /// Like [`Std14::from_base_font`], but any unknown family falls back to
    /// Helvetica: the metrics we use when a font comes without widths.
    pub fn closest(name: &str) -> Std14 {
        Self::by_family(name, true).unwrap_or(Std14(4))
    }

    fn by_family(name: &str, fallback: bool) -> Option<Std14> {
        let lower: String = name
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | ',' | '_'))
            .collect::<String>()
            .to_ascii_lowercase();
        let exact = STD14_NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name));
        if let Some(i) = exact {
            return Some(Std14(i));
        }
        let family = if lower.starts_with("helvetica") || lower.starts_with("arial") {
            "Helvetica"
        } else if lower.starts_with("times") {
            "Times"
        } else if lower.starts_with("courier") {
            "Courier"
        } else if lower.starts_with("symbol") {
            return Some(Std14(8));
        } else if lower.starts_with("zapfdingbats") || lower.starts_with("dingbats") {
            return Some(Std14(13));
        } else if fallback {
            if lower.contains("times") || lower.contains("serif") && !lower.contains("sans") {
                "Times"
            } else if lower.contains("courier") || lower.contains("mono") {
                "Courier"
            } else {
                "Helvetica"
            }
        } else {
            return None;
        };
        let bold = ["bold", "black", "heavy"].iter().any(|w| lower.contains(w));
        let italic = lower.contains("italic") || lower.contains("oblique");
        let full = match (family, bold, italic) {
            ("Times", false, false) => "Times-Roman".to_string(),
            ("Times", true, false) => "Times-Bold".to_string(),
            ("Times", false, true) => "Times-Italic".to_string(),
            ("Times", true, true) => "Times-BoldItalic".to_string(),
            (f, false, false) => f.to_string(),
            (f, true, false) => format!("{f}-Bold"),
            (f, false, true) => format!("{f}-Oblique"),
            (f, true, true) => format!("{f}-BoldOblique"),
        };
        STD14_NAMES.iter().position(|n| *n == full).map(Std14)
    }

    /// The canonical name (`Helvetica-Bold`).
    pub fn name(self) -> &'static str {
        STD14_NAMES[self.0]
    }

    /// Width of a glyph in 1/1000 em, by name.
    pub fn width(self, glyph: &str) -> Option<f32> {
        self.width_of(standard_glyph(glyph)?)
    }

    /// Width of a glyph in 1/1000 em, by standard glyph id.
    pub fn width_of(self, id: u16) -> Option<f32> {
        match STD14_WIDTHS[self.0].get(id as usize) {
            Some(&w) if w != NONE => Some(w as f32),
            _ => None,
        }
    }

    /// True for Symbol and ZapfDingbats, whose built-in encodings are their own.
    pub fn is_symbolic(self) -> bool {
        matches!(self.name(), "Symbol" | "ZapfDingbats")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(n: &str) -> Option<&'static str> {
        Std14::from_base_font(n).map(Std14::name)
    }

    #[test]
    fn names_and_aliases() {
        assert_eq!(name_of("Helvetica"), Some("Helvetica"));
        assert_eq!(
            name_of("Helvetica-BoldOblique"),
            Some("Helvetica-BoldOblique")
        );
        assert_eq!(name_of("Arial"), Some("Helvetica"));
        assert_eq!(name_of("ArialMT"), Some("Helvetica"));
        assert_eq!(name_of("Arial,Bold"), Some("Helvetica-Bold"));
        assert_eq!(name_of("Arial-BoldItalicMT"), Some("Helvetica-BoldOblique"));
        assert_eq!(name_of("TimesNewRoman"), Some("Times-Roman"));
        assert_eq!(name_of("TimesNewRomanPS-BoldMT"), Some("Times-Bold"));
        assert_eq!(name_of("Times New Roman,Italic"), Some("Times-Italic"));
        assert_eq!(name_of("CourierNewPSMT"), Some("Courier"));
        assert_eq!(name_of("Courier New,Bold"), Some("Courier-Bold"));
        assert_eq!(name_of("SymbolMT"), Some("Symbol"));
        assert_eq!(name_of("ZapfDingbats"), Some("ZapfDingbats"));
        assert_eq!(name_of("Calibri"), None);
        assert_eq!(Std14::closest("Calibri-Bold").name(), "Helvetica-Bold");
        assert_eq!(Std14::closest("LiberationSerif").name(), "Times-Roman");
    }

    #[test]
    fn widths_from_afm() {
        let h = Std14::from_base_font("Helvetica").map(|f| f.width("a"));
        assert_eq!(h, Some(Some(556.0)));
        let hb = Std14::from_base_font("Helvetica-Bold").and_then(|f| f.width("space"));
        assert_eq!(hb, Some(278.0));
        let c = Std14::from_base_font("Courier").and_then(|f| f.width("W"));
        assert_eq!(c, Some(600.0));
        let t = Std14::from_base_font("Times-Roman").and_then(|f| f.width("A"));
        assert_eq!(t, Some(722.0));
        let s = Std14::from_base_font("Symbol").and_then(|f| f.width("alpha"));
        assert_eq!(s, Some(631.0));
        assert_eq!(Std14::closest("X").width("nosuchglyph"), None);
    }
}

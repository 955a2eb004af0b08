//! Inline SVG heat maps (rows × years) for the themes and owners charts.
//!
//! Drawn in Rust rather than in the page's script so the charts need no
//! JavaScript, come out byte-identical for identical outputs, and every
//! label passes through [`html`] escaping in one place.

use super::escape::html;
use std::fmt::Write as _;

/// One row of a heat map.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    pub label: String,
    /// Which filter a click on the row sets (`theme`, `owner`), and the
    /// index of the value in the page's data tables.
    pub filter: &'static str,
    pub value: usize,
    /// Count per year, aligned with the chart's years.
    pub counts: Vec<usize>,
    /// Drawn bold (recurring theme).
    pub strong: bool,
    /// Extra CSS class (owner kind).
    pub class: &'static str,
}

const CELL_W: usize = 36;
const CELL_H: usize = 22;
const HEAD_H: usize = 26;
const TOTAL_W: usize = 56;
const CHAR_W: f64 = 7.6;
const MAX_LABEL_CHARS: usize = 56;

/// Shortens a label to what fits the label column, on a char boundary.
fn clip(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

/// Fill colour for a count: white through to dark blue, by share of the
/// largest count, so the busiest years stand out at a glance.
fn fill(count: usize, max: usize) -> String {
    if count == 0 || max == 0 {
        return "#f4f6f9".into();
    }
    let t = 0.15 + 0.85 * (count as f64 / max as f64);
    let (r0, g0, b0) = (222.0, 235.0, 250.0);
    let (r1, g1, b1) = (22.0, 64.0, 140.0);
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(r0, r1), mix(g0, g1), mix(b0, b1))
}

/// A heat map with one column per year and a total column; `caption` is
/// the chart's accessible name.
pub fn heatmap(caption: &str, years: &[i32], rows: &[HeatRow]) -> String {
    let longest = rows
        .iter()
        .map(|r| clip(&r.label).chars().count())
        .max()
        .unwrap_or(10);
    let label_w = ((longest as f64 * CHAR_W) as usize + 16).max(120);
    let width = label_w + years.len() * CELL_W + TOTAL_W;
    let height = HEAD_H + rows.len() * CELL_H + 4;
    let max = rows
        .iter()
        .flat_map(|r| r.counts.iter().copied())
        .max()
        .unwrap_or(0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{}">"#,
        html(caption)
    );
    for (j, y) in years.iter().enumerate() {
        let x = label_w + j * CELL_W + CELL_W / 2;
        let _ = write!(
            s,
            r#"<text class="hm-year" x="{x}" y="{}" text-anchor="middle">{}</text>"#,
            HEAD_H - 8,
            short_year(*y, years.len())
        );
    }
    let _ = write!(
        s,
        r#"<text class="hm-year" x="{}" y="{}" text-anchor="middle">total</text>"#,
        label_w + years.len() * CELL_W + TOTAL_W / 2,
        HEAD_H - 8
    );
    for (i, r) in rows.iter().enumerate() {
        let y = HEAD_H + i * CELL_H;
        let total: usize = r.counts.iter().sum();
        let label = html(&r.label);
        let _ = write!(
            s,
            r#"<g class="hm-row {}{}" data-filter="{}" data-value="{}" tabindex="0"><title>{label}: {total} in all</title>"#,
            r.class,
            if r.strong { " strong" } else { "" },
            r.filter,
            r.value
        );
        let _ = write!(
            s,
            r#"<rect class="hm-hit" x="0" y="{y}" width="{width}" height="{CELL_H}"/><text class="hm-label" x="{}" y="{}" text-anchor="end">{}</text>"#,
            label_w - 8,
            y + CELL_H / 2 + 4,
            html(&clip(&r.label))
        );
        for (j, &c) in r.counts.iter().enumerate() {
            let x = label_w + j * CELL_W;
            let _ = write!(
                s,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"><title>{label}, {}: {c}</title></rect>"#,
                x + 1,
                y + 1,
                CELL_W - 2,
                CELL_H - 2,
                fill(c, max),
                years.get(j).copied().unwrap_or_default()
            );
            if c > 0 {
                let dark = max > 0 && c * 2 > max;
                let _ = write!(
                    s,
                    r#"<text class="hm-n{}" x="{}" y="{}" text-anchor="middle">{c}</text>"#,
                    if dark { " dark" } else { "" },
                    x + CELL_W / 2,
                    y + CELL_H / 2 + 4
                );
            }
        }
        let _ = write!(
            s,
            r#"<text class="hm-total" x="{}" y="{}" text-anchor="middle">{total}</text></g>"#,
            label_w + years.len() * CELL_W + TOTAL_W / 2,
            y + CELL_H / 2 + 4
        );
    }
    s.push_str("</svg>");
    s
}

/// `2016` or, when many years share the axis, `'16` so labels do not collide.
fn short_year(y: i32, n: usize) -> String {
    if n > 12 {
        format!("’{:02}", y.rem_euclid(100))
    } else {
        y.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_cells_drawn() {
        let rows = vec![HeatRow {
            label: "<script>alert(1)</script> \"q\"".into(),
            filter: "theme",
            value: 0,
            counts: vec![0, 2, 4],
            strong: true,
            class: "",
        }];
        let svg = heatmap("Themes <x>", &[2015, 2016, 2017], &rows);
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot;"));
        assert!(svg.contains(r#"aria-label="Themes &lt;x&gt;""#));
        assert!(svg.contains(">4</text>") && svg.contains(">6</text>"));
        assert_eq!(svg.matches("<rect x=").count(), 3);
    }

    #[test]
    fn long_labels_are_clipped_on_char_boundaries() {
        let long = "é".repeat(100);
        assert_eq!(clip(&long).chars().count(), MAX_LABEL_CHARS);
    }
}

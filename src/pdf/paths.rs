//! Just enough path construction to keep table rules.
//!
//! Word and LibreOffice draw table borders either as thin filled rectangles
//! (`re f`) or as stroked line segments (`m l S`), sometimes as stroked
//! boxes. The layout stage wants them as page geometry; everything else a
//! path can be (curves, large fills, diagonals) is dropped as soon as it is
//! painted. Points are stored in page space (transformed by the CTM when
//! the segment is built, which is equivalent since `cm` may not appear
//! inside a path).

use super::matrix::Matrix;
use super::Rule;

/// Thicker than this in both dimensions is a shape, not a rule (points).
const MAX_THICKNESS: f32 = 3.0;
/// A segment counts as horizontal/vertical within this slack (points).
const AXIS_SLACK: f32 = 0.5;

#[derive(Debug, Clone, Copy)]
struct Sub {
    start: u32,
    end: u32,
    closed: bool,
    curved: bool,
}

/// The current path, flat (no allocation per subpath).
#[derive(Debug, Default)]
pub(crate) struct PathBuilder {
    points: Vec<(f32, f32)>,
    subs: Vec<Sub>,
}

impl PathBuilder {
    pub fn clear(&mut self) {
        self.points.clear();
        self.subs.clear();
    }

    fn push_point(&mut self, p: (f32, f32)) {
        self.points.push(p);
        if let Some(s) = self.subs.last_mut() {
            s.end = self.points.len() as u32;
        }
    }

    pub fn move_to(&mut self, ctm: &Matrix, x: f32, y: f32) {
        let p = ctm.apply(x, y);
        // A move right after a move replaces it.
        if let Some(s) = self.subs.last_mut() {
            if s.end - s.start == 1 && !s.closed {
                self.points.truncate(s.start as usize);
                self.subs.pop();
            }
        }
        let start = self.points.len() as u32;
        self.subs.push(Sub {
            start,
            end: start,
            closed: false,
            curved: false,
        });
        self.push_point(p);
    }

    pub fn line_to(&mut self, ctm: &Matrix, x: f32, y: f32) {
        if self.subs.last().is_none_or(|s| s.closed) {
            // No current point: treat as a move (lenient, as readers are).
            self.move_to(ctm, x, y);
            return;
        }
        self.push_point(ctm.apply(x, y));
    }

    /// Curves make the subpath useless as a rule; only the end point
    /// matters for what follows.
    pub fn curve_to(&mut self, ctm: &Matrix, x: f32, y: f32) {
        if self.subs.last().is_none_or(|s| s.closed) {
            self.move_to(ctm, x, y);
        } else {
            self.push_point(ctm.apply(x, y));
        }
        if let Some(s) = self.subs.last_mut() {
            s.curved = true;
        }
    }

    pub fn close(&mut self) {
        if let Some(s) = self.subs.last_mut() {
            s.closed = true;
        }
    }

    /// `re`: a closed four-point subpath.
    pub fn rect(&mut self, ctm: &Matrix, x: f32, y: f32, w: f32, h: f32) {
        let start = self.points.len() as u32;
        self.subs.push(Sub {
            start,
            end: start,
            closed: false,
            curved: false,
        });
        for (px, py) in [(x, y), (x + w, y), (x + w, y + h), (x, y + h)] {
            self.push_point(ctm.apply(px, py));
        }
        self.close();
    }

    /// Paints (fill and/or stroke) the current path: thin axis-aligned
    /// filled shapes and axis-aligned stroked edges become rules. Ends the
    /// path.
    pub fn paint(&mut self, fill: bool, stroke: bool, rules: &mut Vec<Rule>) {
        for s in &self.subs {
            if s.curved {
                continue;
            }
            let pts = &self.points[s.start as usize..s.end as usize];
            if pts.len() < 2 {
                continue;
            }
            let edges = pts
                .windows(2)
                .map(|w| (w[0], w[1]))
                .chain((s.closed || fill).then(|| (pts[pts.len() - 1], pts[0])));
            if fill && pts.len() >= 3 && edges.clone().all(|(p, q)| axis_aligned(p, q)) {
                let r = bbox(pts);
                let (w, h) = (r.x1 - r.x0, r.y1 - r.y0);
                let (thin, long) = (w.min(h), w.max(h));
                if thin < MAX_THICKNESS && long > 2.0 * thin.max(0.5) {
                    rules.push(r);
                    // A filled and stroked thin box is one rule, not five.
                    continue;
                }
            }
            if stroke {
                for (p, q) in edges {
                    if axis_aligned(p, q) && ((p.0 - q.0).abs() + (p.1 - q.1).abs()) > AXIS_SLACK {
                        rules.push(bbox(&[p, q]));
                    }
                }
            }
        }
        self.clear();
    }
}

fn axis_aligned(p: (f32, f32), q: (f32, f32)) -> bool {
    (p.0 - q.0).abs() < AXIS_SLACK || (p.1 - q.1).abs() < AXIS_SLACK
}

fn bbox(pts: &[(f32, f32)]) -> Rule {
    let mut r = Rule {
        x0: f32::INFINITY,
        y0: f32::INFINITY,
        x1: f32::NEG_INFINITY,
        y1: f32::NEG_INFINITY,
    };
    for &(x, y) in pts {
        r.x0 = r.x0.min(x);
        r.y0 = r.y0.min(y);
        r.x1 = r.x1.max(x);
        r.y1 = r.y1.max(y);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flip() -> Matrix {
        // Page space of an 800pt-high page.
        Matrix::new(1.0, 0.0, 0.0, -1.0, 0.0, 800.0)
    }

    #[test]
    fn thin_filled_rect_is_a_rule_big_one_is_not() {
        let mut p = PathBuilder::default();
        let mut rules = Vec::new();
        p.rect(&flip(), 50.0, 700.0, 400.0, 0.5);
        p.rect(&flip(), 50.0, 100.0, 200.0, 200.0);
        p.paint(true, false, &mut rules);
        assert_eq!(rules.len(), 1);
        let r = rules[0];
        assert_eq!((r.x0, r.x1), (50.0, 450.0));
        assert!((r.y0 - 99.5).abs() < 1e-4 && (r.y1 - 100.0).abs() < 1e-4);
    }

    #[test]
    fn stroked_segments_and_boxes() {
        let mut p = PathBuilder::default();
        let mut rules = Vec::new();
        let m = flip();
        p.move_to(&m, 10.0, 10.0);
        p.line_to(&m, 300.0, 10.0);
        p.move_to(&m, 0.0, 0.0);
        p.line_to(&m, 50.0, 60.0); // diagonal: dropped
        p.paint(false, true, &mut rules);
        assert_eq!(rules.len(), 1);
        assert_eq!((rules[0].y0, rules[0].y1), (790.0, 790.0));
        p.rect(&m, 0.0, 0.0, 100.0, 50.0);
        p.paint(false, true, &mut rules);
        assert_eq!(rules.len(), 5, "four edges of a stroked box");
    }

    #[test]
    fn curves_and_n_give_nothing() {
        let mut p = PathBuilder::default();
        let mut rules = Vec::new();
        let m = flip();
        p.move_to(&m, 0.0, 0.0);
        p.curve_to(&m, 100.0, 0.0);
        p.paint(true, true, &mut rules);
        p.rect(&m, 0.0, 0.0, 100.0, 1.0);
        p.clear();
        p.paint(true, false, &mut rules);
        assert!(rules.is_empty());
    }
}

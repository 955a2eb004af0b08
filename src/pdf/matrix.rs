//! 2-D affine matrices as PDF writes them: `[a b c d e f]`, applied to row
//! vectors, so `p' = p × M` and `A.then(B)` (= `A × B`) applies A first.

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix {
    pub a: f32,
    pub b: f32,
    pub c: f32,
    pub d: f32,
    pub e: f32,
    pub f: f32,
}

impl Matrix {
    pub const IDENTITY: Matrix = Matrix::new(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);

    pub const fn new(a: f32, b: f32, c: f32, d: f32, e: f32, f: f32) -> Matrix {
        Matrix { a, b, c, d, e, f }
    }

    pub fn from_array(v: [f32; 6]) -> Matrix {
        Matrix::new(v[0], v[1], v[2], v[3], v[4], v[5])
    }

    #[cfg(test)]
    pub const fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix::new(1.0, 0.0, 0.0, 1.0, tx, ty)
    }

    /// `self × next`: first `self`, then `next`.
    #[inline]
    pub fn then(&self, n: &Matrix) -> Matrix {
        Matrix {
            a: self.a * n.a + self.b * n.c,
            b: self.a * n.b + self.b * n.d,
            c: self.c * n.a + self.d * n.c,
            d: self.c * n.b + self.d * n.d,
            e: self.e * n.a + self.f * n.c + n.e,
            f: self.e * n.b + self.f * n.d + n.f,
        }
    }

    #[inline]
    pub fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        (
            x * self.a + y * self.c + self.e,
            x * self.b + y * self.d + self.f,
        )
    }

    /// `translate(tx, 0) × self`, the update after a glyph advance, without
    /// a full multiplication.
    #[inline]
    pub fn advance(&mut self, tx: f32) {
        self.e += tx * self.a;
        self.f += tx * self.b;
    }

    /// `translate(tx, ty) × self`.
    #[inline]
    pub fn pre_translate(&self, tx: f32, ty: f32) -> Matrix {
        Matrix {
            e: tx * self.a + ty * self.c + self.e,
            f: tx * self.b + ty * self.d + self.f,
            ..*self
        }
    }

    /// Length of the image of the x unit vector (horizontal scale).
    #[inline]
    pub fn x_scale(&self) -> f32 {
        (self.a * self.a + self.b * self.b).sqrt()
    }

    /// Length of the image of the y unit vector (vertical scale).
    #[inline]
    pub fn y_scale(&self) -> f32 {
        (self.c * self.c + self.d * self.d).sqrt()
    }

    pub fn is_finite(&self) -> bool {
        [self.a, self.b, self.c, self.d, self.e, self.f]
            .iter()
            .all(|v| v.is_finite())
    }
}

/// The matrix from default user space to our page space: origin at the
/// top-left of the visible (rotated) crop box, y down, in points.
pub(crate) fn page_space(crop: [f32; 4], rotate: i32) -> Matrix {
    let [x0, y0, x1, y1] = crop;
    let (w, h) = (x1 - x0, y1 - y0);
    // Unrotated: u = x - x0 (right), v = y1 - y (down).
    let flip = Matrix::new(1.0, 0.0, 0.0, -1.0, -x0, y1);
    // Then turn the page clockwise as a viewer shows it.
    let turn = match rotate {
        90 => Matrix::new(0.0, 1.0, -1.0, 0.0, h, 0.0), // (u,v) → (h−v, u)
        180 => Matrix::new(-1.0, 0.0, 0.0, -1.0, w, h), // (u,v) → (w−u, h−v)
        270 => Matrix::new(0.0, -1.0, 1.0, 0.0, 0.0, w), // (u,v) → (v, w−u)
        _ => Matrix::IDENTITY,
    };
    flip.then(&turn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f32, f32), b: (f32, f32)) -> bool {
        (a.0 - b.0).abs() < 1e-4 && (a.1 - b.1).abs() < 1e-4
    }

    #[test]
    fn then_applies_left_first() {
        let scale = Matrix::new(2.0, 0.0, 0.0, 3.0, 0.0, 0.0);
        let shift = Matrix::translate(10.0, 20.0);
        // Scale first, then shift.
        assert!(close(scale.then(&shift).apply(1.0, 1.0), (12.0, 23.0)));
        // Shift first, then scale.
        assert!(close(shift.then(&scale).apply(1.0, 1.0), (22.0, 63.0)));
    }

    #[test]
    fn advance_equals_pre_translation() {
        let m = Matrix::new(0.0, 2.0, -2.0, 0.0, 5.0, 7.0);
        let mut n = m;
        n.advance(3.0);
        assert_eq!(n, Matrix::translate(3.0, 0.0).then(&m));
        assert_eq!(
            m.pre_translate(3.0, 4.0),
            Matrix::translate(3.0, 4.0).then(&m)
        );
    }

    #[test]
    fn page_space_rotations() {
        let crop = [0.0, 0.0, 600.0, 800.0];
        // Top-left of the unrotated page is (0, 800) in user space.
        assert!(close(page_space(crop, 0).apply(0.0, 800.0), (0.0, 0.0)));
        assert!(close(
            page_space(crop, 0).apply(100.0, 700.0),
            (100.0, 100.0)
        ));
        // Rotated 90° clockwise: the old bottom-left becomes the top-left.
        assert!(close(page_space(crop, 90).apply(0.0, 0.0), (0.0, 0.0)));
        assert!(close(page_space(crop, 90).apply(0.0, 800.0), (800.0, 0.0)));
        assert!(close(page_space(crop, 180).apply(600.0, 0.0), (0.0, 0.0)));
        assert!(close(page_space(crop, 270).apply(600.0, 800.0), (0.0, 0.0)));
        // Crop box offsets are removed.
        assert!(close(
            page_space([10.0, 20.0, 110.0, 220.0], 0).apply(10.0, 220.0),
            (0.0, 0.0)
        ));
    }
}

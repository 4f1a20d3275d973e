//! Geometry of detected text: connected components of the detection map, their minimum-area
//! rotated rectangles, and the sampling of a rotated rectangle into an upright crop.

use image::RgbImage;

/// A point in pixel coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    pub x: f32,
    pub y: f32,
}

/// A rotated rectangle given by its corners: top-left, top-right, bottom-right, bottom-left in
/// reading direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Quad(pub [Point; 4]);

impl Quad {
    /// Length of the top edge (the text's reading direction).
    pub fn width(&self) -> f32 {
        dist(self.0[0], self.0[1])
    }

    /// Length of the left edge.
    pub fn height(&self) -> f32 {
        dist(self.0[0], self.0[3])
    }

    /// The mean of the corners.
    pub fn centre(&self) -> Point {
        let sum = |f: fn(&Point) -> f32| self.0.iter().map(f).sum::<f32>() / 4.0;
        Point {
            x: sum(|p| p.x),
            y: sum(|p| p.y),
        }
    }

    /// The reading direction's angle (radians, from the horizontal, y down); `None` for a box
    /// too short to tell (less than twice as long as high).
    pub fn angle(&self) -> Option<f32> {
        let [p0, p1, ..] = self.0;
        (self.width() > 2.0 * self.height()).then(|| (p1.y - p0.y).atan2(p1.x - p0.x))
    }

    /// Whether the reading direction is nearer vertical than horizontal.
    pub fn upright_edge(&self) -> bool {
        let [p0, p1, ..] = self.0;
        (p1.y - p0.y).abs() > (p1.x - p0.x).abs()
    }

    /// The same rectangle read downwards: the reading edge runs from top to bottom and the
    /// glyphs' tops face right, as on a page turned a quarter clockwise.
    pub fn running_down(&self) -> Quad {
        let [c0, c1, c2, c3] = self.0;
        let [c0, c1, c2, c3] = if c1.y < c0.y {
            [c1, c0, c3, c2]
        } else {
            [c0, c1, c2, c3]
        };
        if c3.x > c0.x {
            Quad([c3, c2, c1, c0])
        } else {
            Quad([c0, c1, c2, c3])
        }
    }

    /// The axis-aligned bounds `[left, top, right, bottom]`.
    pub fn bounds(&self) -> [f32; 4] {
        let xs = self.0.map(|p| p.x);
        let ys = self.0.map(|p| p.y);
        let min = |v: [f32; 4]| v.into_iter().fold(f32::INFINITY, f32::min);
        let max = |v: [f32; 4]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
        [min(xs), min(ys), max(xs), max(ys)]
    }

    /// The same rectangle scaled about the origin.
    pub fn scaled(&self, sx: f32, sy: f32) -> Quad {
        Quad(self.0.map(|p| Point {
            x: p.x * sx,
            y: p.y * sy,
        }))
    }
}

fn dist(a: Point, b: Point) -> f32 {
    (a.x - b.x).hypot(a.y - b.y)
}

/// Labels the 8-connected components of `mask` (row-major, `width` wide) and returns, for each
/// component, its pixel coordinates.
pub(crate) fn components(mask: &[bool], width: usize) -> Vec<Vec<(u32, u32)>> {
    let height = mask.len() / width.max(1);
    let mut seen = vec![false; mask.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let mut pixels = Vec::new();
        while let Some(i) = stack.pop() {
            let (x, y) = (i % width, i / width);
            pixels.push((x as u32, y as u32));
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= width as i64 || ny >= height as i64 {
                        continue;
                    }
                    let j = ny as usize * width + nx as usize;
                    if mask[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        out.push(pixels);
    }
    out
}

fn cross(o: Point, a: Point, b: Point) -> f32 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// Convex hull (Andrew's monotone chain), counter-clockwise in y-down coordinates.
pub(crate) fn convex_hull(mut pts: Vec<Point>) -> Vec<Point> {
    pts.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    pts.dedup();
    if pts.len() < 3 {
        return pts;
    }
    let mut hull: Vec<Point> = Vec::with_capacity(pts.len() * 2);
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &Point>> = if pass == 0 {
            Box::new(pts.iter())
        } else {
            Box::new(pts.iter().rev())
        };
        for &p in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}

/// The minimum-area rectangle around a set of pixels (each pixel counted as its four corners),
/// its corners ordered top-left, top-right, bottom-right, bottom-left with the longer side as
/// the width.
pub(crate) fn min_area_rect(pixels: &[(u32, u32)]) -> Quad {
    let mut pts = Vec::with_capacity(pixels.len() * 4);
    for &(x, y) in pixels {
        let (x, y) = (x as f32, y as f32);
        pts.extend([
            Point { x, y },
            Point { x: x + 1.0, y },
            Point { x, y: y + 1.0 },
            Point {
                x: x + 1.0,
                y: y + 1.0,
            },
        ]);
    }
    let hull = convex_hull(pts);
    let mut best: Option<(f32, [Point; 4])> = None;
    for i in 0..hull.len() {
        let (a, b) = (hull[i], hull[(i + 1) % hull.len()]);
        let len = dist(a, b);
        if len == 0.0 {
            continue;
        }
        let (ux, uy) = ((b.x - a.x) / len, (b.y - a.y) / len);
        let (mut min_u, mut max_u, mut min_v, mut max_v) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        for p in &hull {
            let u = (p.x - a.x) * ux + (p.y - a.y) * uy;
            let v = -(p.x - a.x) * uy + (p.y - a.y) * ux;
            min_u = min_u.min(u);
            max_u = max_u.max(u);
            min_v = min_v.min(v);
            max_v = max_v.max(v);
        }
        let area = (max_u - min_u) * (max_v - min_v);
        if best.as_ref().is_none_or(|(a0, _)| area < *a0) {
            let at = |u: f32, v: f32| Point {
                x: a.x + u * ux - v * uy,
                y: a.y + u * uy + v * ux,
            };
            best = Some((
                area,
                [
                    at(min_u, min_v),
                    at(max_u, min_v),
                    at(max_u, max_v),
                    at(min_u, max_v),
                ],
            ));
        }
    }
    let corners = best.map_or([Point { x: 0.0, y: 0.0 }; 4], |(_, c)| c);
    order_corners(corners)
}

/// Orders a rectangle's corners so that the first edge is the longer one and runs left to
/// right (for text rotated by less than 90°).
pub(crate) fn order_corners(c: [Point; 4]) -> Quad {
    let (e01, e12) = (dist(c[0], c[1]), dist(c[1], c[2]));
    // Make edge 0→1 the long side.
    let c = if e01 >= e12 {
        c
    } else {
        [c[1], c[2], c[3], c[0]]
    };
    // Make it run left to right, with 3 below 0.
    let c = if c[1].x < c[0].x {
        [c[2], c[3], c[0], c[1]]
    } else {
        c
    };
    // Corner 3 must be the one below corner 0 (y grows downwards).
    let down = (c[3].y - c[0].y) * 1.0;
    if down >= 0.0 {
        Quad(c)
    } else {
        Quad([c[3], c[2], c[1], c[0]])
    }
}

/// Grows a rectangle by `along` pixels at either end of its text direction and `across`
/// pixels on either side of it.
pub(crate) fn grow(q: &Quad, along: f32, across: f32) -> Quad {
    let [p0, p1, _, p3] = q.0;
    let (w, h) = (q.width().max(1e-3), q.height().max(1e-3));
    let (ux, uy) = ((p1.x - p0.x) / w, (p1.y - p0.y) / w);
    let (vx, vy) = ((p3.x - p0.x) / h, (p3.y - p0.y) / h);
    let at = |u: f32, v: f32| Point {
        x: p0.x + u * ux + v * vx,
        y: p0.y + u * uy + v * vy,
    };
    Quad([
        at(-along, -across),
        at(w + along, -across),
        at(w + along, h + across),
        at(-along, h + across),
    ])
}

/// Samples the rectangle `q` of `img` into an upright image `out_h` pixels high (width in
/// proportion), with bilinear interpolation; `upside_down` turns it by 180°.
pub(crate) fn crop(
    img: &RgbImage,
    q: &Quad,
    out_h: u32,
    max_w: u32,
    upside_down: bool,
) -> RgbImage {
    let (w, h) = (q.width().max(1.0), q.height().max(1.0));
    let out_w = ((w / h * out_h as f32).round() as u32).clamp(1, max_w);
    let mut out = RgbImage::new(out_w, out_h);
    let [p0, p1, _, p3] = q.0;
    let (iw, ih) = (img.width() as f32, img.height() as f32);
    for oy in 0..out_h {
        for ox in 0..out_w {
            let (mut u, mut v) = (
                (ox as f32 + 0.5) / out_w as f32,
                (oy as f32 + 0.5) / out_h as f32,
            );
            if upside_down {
                (u, v) = (1.0 - u, 1.0 - v);
            }
            let x = p0.x + u * (p1.x - p0.x) + v * (p3.x - p0.x) - 0.5;
            let y = p0.y + u * (p1.y - p0.y) + v * (p3.y - p0.y) - 0.5;
            let x = x.clamp(0.0, iw - 1.0);
            let y = y.clamp(0.0, ih - 1.0);
            let (x0, y0) = (x.floor() as u32, y.floor() as u32);
            let (x1, y1) = (
                (x0 + 1).min(img.width() - 1),
                (y0 + 1).min(img.height() - 1),
            );
            let (fx, fy) = (x - x0 as f32, y - y0 as f32);
            let px = |xx, yy| img.get_pixel(xx, yy).0;
            let (a, b, c, d) = (px(x0, y0), px(x1, y0), px(x0, y1), px(x1, y1));
            let mut rgb = [0u8; 3];
            for k in 0..3 {
                let top = f32::from(a[k]) * (1.0 - fx) + f32::from(b[k]) * fx;
                let bottom = f32::from(c[k]) * (1.0 - fx) + f32::from(d[k]) * fx;
                rgb[k] = (top * (1.0 - fy) + bottom * fy).round() as u8;
            }
            out.put_pixel(ox, oy, image::Rgb(rgb));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quad(corners: [(f32, f32); 4]) -> Quad {
        Quad(corners.map(|(x, y)| Point { x, y }))
    }

    #[test]
    fn rect_of_an_axis_aligned_block() {
        let pixels: Vec<(u32, u32)> = (10..30).flat_map(|x| (5..9).map(move |y| (x, y))).collect();
        let q = min_area_rect(&pixels);
        assert!((q.width() - 20.0).abs() < 1e-3, "{q:?}");
        assert!((q.height() - 4.0).abs() < 1e-3);
        assert_eq!(q.bounds(), [10.0, 5.0, 30.0, 9.0]);
        assert!(q.0[0].x < q.0[1].x && q.0[0].y < q.0[3].y);
    }

    #[test]
    fn rect_of_a_tilted_line_follows_it() {
        // A thin line rising 1 px every 10 px.
        let pixels: Vec<(u32, u32)> = (0..100u32)
            .flat_map(|x| (0..3).map(move |d| (x, 20 - x / 10 + d)))
            .collect();
        let q = min_area_rect(&pixels);
        let angle = (q.0[1].y - q.0[0].y)
            .atan2(q.0[1].x - q.0[0].x)
            .to_degrees();
        assert!((-8.0..-3.0).contains(&angle), "{angle}");
        assert!(q.width() > 95.0);
    }

    #[test]
    fn a_rectangle_grows_along_and_across_its_text() {
        let q = quad([(10.0, 20.0), (110.0, 20.0), (110.0, 40.0), (10.0, 40.0)]);
        assert_eq!(grow(&q, 2.0, 5.0).bounds(), [8.0, 15.0, 112.0, 45.0]);
        assert_eq!(grow(&q, 0.0, 4.0).bounds(), [10.0, 16.0, 110.0, 44.0]);
        // Read downwards (a page turned a quarter), across is left and right.
        let down = quad([(40.0, 10.0), (40.0, 110.0), (20.0, 110.0), (20.0, 10.0)]);
        assert_eq!(grow(&down, 0.0, 4.0).bounds(), [16.0, 10.0, 44.0, 110.0]);
    }

    #[test]
    fn a_vertical_line_read_downwards_has_its_glyph_tops_on_the_right() {
        let pixels: Vec<(u32, u32)> = (5..9).flat_map(|x| (10..40).map(move |y| (x, y))).collect();
        let q = min_area_rect(&pixels).running_down();
        let [p0, p1, _, p3] = q.0;
        assert!(p1.y > p0.y && (p1.x - p0.x).abs() < 1e-3, "{q:?}");
        assert!(p3.x < p0.x && (p3.y - p0.y).abs() < 1e-3, "{q:?}");
        // The crop's top-left pixel is the page's top-right one.
        let mut img = RgbImage::new(4, 8);
        img.put_pixel(3, 0, image::Rgb([255, 0, 0]));
        let column = quad([(0.0, 8.0), (0.0, 0.0), (4.0, 0.0), (4.0, 8.0)]);
        let crop = crop(&img, &column.running_down(), 4, 100, false);
        assert_eq!(crop.dimensions(), (8, 4));
        assert_eq!(crop.get_pixel(0, 0).0, [255, 0, 0]);
    }

    #[test]
    fn components_are_separate() {
        let w = 6;
        let mask: Vec<bool> = "110000\n110011\n000011"
            .lines()
            .flat_map(|l| l.chars().map(|c| c == '1').collect::<Vec<_>>())
            .collect();
        let mut sizes: Vec<usize> = components(&mask, w).iter().map(Vec::len).collect();
        sizes.sort_unstable();
        assert_eq!(sizes, [4, 4]);
    }

    #[test]
    fn crop_turns_upside_down_text() {
        let mut img = RgbImage::new(4, 2);
        img.put_pixel(0, 0, image::Rgb([255, 0, 0]));
        let q = quad([(0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0)]);
        assert_eq!(crop(&img, &q, 2, 100, false).get_pixel(0, 0).0, [255, 0, 0]);
        assert_eq!(crop(&img, &q, 2, 100, true).get_pixel(3, 1).0, [255, 0, 0]);
    }
}

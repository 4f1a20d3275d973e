//! Card rendering: fonts from the Debian font packages, a card model in millimetres, and the
//! rasteriser that draws it and records the box of every text line.

use ab_glyph::{Font, FontVec, GlyphId, PxScale, ScaleFont, point};
use anyhow::{Context, Result, bail};
use image::{Rgba, RgbaImage};
use imageproc::drawing::{
    draw_cubic_bezier_curve_mut, draw_filled_ellipse_mut, draw_filled_rect_mut,
};
use imageproc::rect::Rect;
use rand::Rng;
use rand::rngs::StdRng;

/// The typefaces a card uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    /// OCR-B, for machine-readable zones.
    OcrB,
    /// DejaVu Sans.
    Sans,
    /// DejaVu Sans Bold.
    SansBold,
    /// Liberation Sans.
    Liberation,
    /// Liberation Sans Bold.
    LiberationBold,
    /// Liberation Sans Narrow.
    Narrow,
}

/// Where each face is installed by Debian, and the package that installs it.
const FONT_FILES: [(Face, &str, &str); 6] = [
    (
        Face::OcrB,
        "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
        "fonts-ocr-b",
    ),
    (
        Face::Sans,
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "fonts-dejavu-core",
    ),
    (
        Face::SansBold,
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "fonts-dejavu-core",
    ),
    (
        Face::Liberation,
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "fonts-liberation",
    ),
    (
        Face::LiberationBold,
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "fonts-liberation",
    ),
    (
        Face::Narrow,
        "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf",
        "fonts-liberation",
    ),
];

/// The loaded fonts, indexed by [`Face`].
pub(crate) struct Fonts {
    faces: [FontVec; 6],
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &self.faces.len())
            .finish()
    }
}

impl Fonts {
    /// Loads every face from its Debian location; a missing file names the package to install.
    pub fn load() -> Result<Fonts> {
        let mut faces = Vec::new();
        for (_, path, package) in FONT_FILES {
            let bytes = std::fs::read(path).with_context(|| {
                format!("font {path} not found: install the Debian package {package} (apt-get install {package})")
            })?;
            let font = FontVec::try_from_vec(bytes).with_context(|| {
                format!("font {path} (Debian package {package}) cannot be parsed")
            })?;
            faces.push(font);
        }
        let faces = faces
            .try_into()
            .map_err(|_| anyhow::anyhow!("font table size"))?;
        Ok(Fonts { faces })
    }

    fn get(&self, face: Face) -> &FontVec {
        &self.faces[face as usize]
    }

    /// Glyph ids of a text, failing on a character the face lacks.
    fn glyphs(&self, face: Face, text: &str) -> Result<Vec<GlyphId>> {
        let font = self.get(face);
        text.chars()
            .map(|c| {
                let id = font.glyph_id(c);
                if id.0 == 0 && !c.is_whitespace() {
                    bail!("a character of a generated text is missing from {face:?}");
                }
                Ok(id)
            })
            .collect()
    }

    /// Advance width of `text` at `scale`, kerning included.
    pub fn width(&self, face: Face, scale: PxScale, text: &str) -> Result<f32> {
        let font = self.get(face);
        let scaled = font.as_scaled(scale);
        let ids = self.glyphs(face, text)?;
        let mut w = 0.0;
        for (i, &id) in ids.iter().enumerate() {
            if i > 0 {
                w += scaled.kern(ids[i - 1], id);
            }
            w += scaled.h_advance(id);
        }
        Ok(w)
    }

    /// The scale at which the monospace `face` advances `pitch` pixels per character and its
    /// capitals are `cap` pixels tall (OCR-B at the ICAO size).
    pub fn monospace_scale(&self, face: Face, pitch: f32, cap: f32) -> PxScale {
        let font = self.get(face);
        let unit = PxScale::from(100.0);
        let advance = font.as_scaled(unit).h_advance(font.glyph_id('<'));
        let height = font
            .outline_glyph(font.glyph_id('H').with_scale(unit))
            .map_or(70.0, |g| g.px_bounds().height());
        PxScale {
            x: 100.0 * pitch / advance.max(1e-3),
            y: 100.0 * cap / height.max(1e-3),
        }
    }
}

/// An RGB colour.
pub(crate) type Rgb = [u8; 3];

/// How a text is anchored at its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// `x` is the left edge.
    Left,
    /// `x` is the right edge.
    Right,
    /// `x` is the centre.
    Center,
}

/// One line of text on a card, in card pixels.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    /// The characters.
    pub text: String,
    /// Typeface.
    pub face: Face,
    /// Scale in pixels (ab_glyph's: the font's ascent-to-descent height, per axis).
    pub scale: PxScale,
    /// Anchor x.
    pub x: f32,
    /// Baseline y.
    pub baseline: f32,
    /// Colour.
    pub color: Rgb,
    /// Anchor.
    pub align: Align,
}

/// Something drawn on a card.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// A text line (recorded in the ground truth).
    Text(Text),
    /// A filled rectangle `[l, t, r, b]`.
    Rect([f32; 4], Rgb),
    /// A grey photo placeholder with a head-and-shoulders silhouette.
    Photo([f32; 4]),
    /// A handwritten-looking signature inside a rectangle.
    Signature([f32; 4]),
    /// A linear barcode inside a rectangle.
    Barcode([f32; 4]),
    /// A ring of twelve stars (EU emblem) with centre and radius.
    Stars(f32, f32, f32),
}

/// The printed background of a card.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Background {
    /// Colour at the top left.
    pub from: Rgb,
    /// Colour at the bottom right.
    pub to: Rgb,
    /// Colour of the guilloche lines.
    pub ink: Rgb,
    /// Corner radius in millimetres (0 for a passport page).
    pub corner: f32,
}

/// Width in pixels at which every card and passport page is drawn: wider than the widest
/// photographed card (1350 px, see [`super::Level`]), so a photo only ever shrinks it.
pub(crate) const DRAW_WIDTH: u32 = 1400;

/// A card being laid out, in millimetres, drawn [`DRAW_WIDTH`] pixels wide.
#[derive(Debug)]
pub(crate) struct Card<'f> {
    fonts: &'f Fonts,
    /// Pixels per millimetre.
    pub scale: f32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Printed background.
    pub background: Background,
    /// What is drawn, in order.
    pub items: Vec<Item>,
}

impl<'f> Card<'f> {
    /// A blank card of `w_mm` × `h_mm`, [`DRAW_WIDTH`] pixels wide.
    pub fn new(fonts: &'f Fonts, w_mm: f32, h_mm: f32, background: Background) -> Self {
        let scale = DRAW_WIDTH as f32 / w_mm;
        Card {
            fonts,
            scale,
            width: DRAW_WIDTH,
            height: (h_mm * scale).round() as u32,
            background,
            items: Vec::new(),
        }
    }

    /// Width of a text in millimetres.
    pub fn text_width(&self, face: Face, size_mm: f32, text: &str) -> Result<f32> {
        let scale = PxScale::from(size_mm * self.scale);
        Ok(self.fonts.width(face, scale, text)? / self.scale)
    }

    /// Adds a text at `x_mm` (left edge) with its baseline at `y_mm`.
    pub fn text(
        &mut self,
        x_mm: f32,
        y_mm: f32,
        size_mm: f32,
        face: Face,
        color: Rgb,
        text: &str,
    ) -> Result<()> {
        self.text_aligned(x_mm, y_mm, size_mm, face, color, text, Align::Left, None)
    }

    /// Adds a text anchored at `x_mm`; when `max_w_mm` is given the size shrinks until the
    /// text fits that width.
    #[allow(clippy::too_many_arguments)]
    pub fn text_aligned(
        &mut self,
        x_mm: f32,
        y_mm: f32,
        size_mm: f32,
        face: Face,
        color: Rgb,
        text: &str,
        align: Align,
        max_w_mm: Option<f32>,
    ) -> Result<()> {
        let mut size = size_mm;
        let w = self.text_width(face, size, text)?;
        if let Some(max) = max_w_mm
            && w > max
        {
            size *= max / w;
        }
        self.items.push(Item::Text(Text {
            text: text.to_owned(),
            face,
            scale: PxScale::from(size * self.scale),
            x: x_mm * self.scale,
            baseline: y_mm * self.scale,
            color,
            align,
        }));
        Ok(())
    }

    /// Adds MRZ lines in OCR-B at the ICAO pitch of 2.54 mm per character and a character
    /// height of 2.4 mm, the first line's baseline at `y_mm`, lines `line_mm` apart, starting
    /// at `x_mm`.
    pub fn mrz(&mut self, x_mm: f32, y_mm: f32, line_mm: f32, lines: &[String]) -> Result<()> {
        let scale = self
            .fonts
            .monospace_scale(Face::OcrB, 2.54 * self.scale, 2.4 * self.scale);
        for (i, line) in lines.iter().enumerate() {
            self.fonts.glyphs(Face::OcrB, line)?;
            self.items.push(Item::Text(Text {
                text: line.clone(),
                face: Face::OcrB,
                scale,
                x: x_mm * self.scale,
                baseline: (y_mm + i as f32 * line_mm) * self.scale,
                color: [20, 20, 20],
                align: Align::Left,
            }));
        }
        Ok(())
    }

    /// Adds a non-text item with a rectangle in millimetres.
    pub fn shape(&mut self, make: fn([f32; 4]) -> Item, l: f32, t: f32, r: f32, b: f32) {
        let s = self.scale;
        self.items.push(make([l * s, t * s, r * s, b * s]));
    }

    /// Adds a filled rectangle in millimetres.
    pub fn rect(&mut self, l: f32, t: f32, r: f32, b: f32, color: Rgb) {
        let s = self.scale;
        self.items
            .push(Item::Rect([l * s, t * s, r * s, b * s], color));
    }

    /// Adds the EU ring of stars (centre and radius in millimetres).
    pub fn stars(&mut self, x: f32, y: f32, r: f32) {
        let s = self.scale;
        self.items.push(Item::Stars(x * s, y * s, r * s));
    }
}

/// A rendered card: RGBA pixels (transparent outside the rounded corners) and the text lines
/// with their ink boxes, in drawing order.
#[derive(Debug)]
pub(crate) struct Rendered {
    /// Pixels.
    pub image: RgbaImage,
    /// `(text, [l, t, r, b])` per text line.
    pub lines: Vec<(String, [f32; 4])>,
}

/// Draws a card.
pub(crate) fn render(card: &Card<'_>, rng: &mut StdRng) -> Result<Rendered> {
    let mut image = background(card.width, card.height, &card.background, rng);
    let mut lines = Vec::new();
    for item in &card.items {
        match item {
            Item::Text(t) => {
                let bbox = draw_text(&mut image, card.fonts, t)?;
                lines.push((t.text.clone(), bbox));
            }
            Item::Rect(r, c) => fill(&mut image, *r, *c),
            Item::Photo(r) => photo(&mut image, *r, rng),
            Item::Signature(r) => signature(&mut image, *r, rng),
            Item::Barcode(r) => barcode(&mut image, *r, rng),
            Item::Stars(x, y, r) => stars(&mut image, *x, *y, *r),
        }
    }
    round_corners(&mut image, card.background.corner * card.scale);
    Ok(Rendered { image, lines })
}

/// A colour channel from a computed value: rounded to the nearest integer and clamped to
/// 0–255, as `floor(v + 0.5)` (per pixel, far cheaper than `f32::round`).
pub(crate) fn channel(v: f32) -> u8 {
    (v + 0.5).clamp(0.0, 255.0) as u8
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let f = |x: u8, y: u8| channel(f32::from(x) + (f32::from(y) - f32::from(x)) * t);
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2])]
}

/// `sin(u + v)` over a grid where `u` varies along one axis and `v` along the other, from
/// their precomputed sines and cosines (`sin u cos v + cos u sin v`): two products per pixel
/// instead of a `sin`.
#[derive(Debug)]
pub(crate) struct SeparableSine {
    u: Vec<(f32, f32)>,
    v: Vec<(f32, f32)>,
}

impl SeparableSine {
    /// The grid of `u[i] + v[j]`.
    pub fn new(u: impl Iterator<Item = f32>, v: impl Iterator<Item = f32>) -> Self {
        let sin_cos = |x: f32| x.sin_cos();
        SeparableSine {
            u: u.map(sin_cos).collect(),
            v: v.map(sin_cos).collect(),
        }
    }

    /// `sin(u[i] + v[j])`.
    pub fn at(&self, i: usize, j: usize) -> f32 {
        let ((su, cu), (sv, cv)) = (self.u[i], self.v[j]);
        su * cv + cu * sv
    }
}

/// A diagonal gradient with two families of fine wavy guilloche lines.
fn background(w: u32, h: u32, bg: &Background, rng: &mut StdRng) -> RgbaImage {
    let k1 = rng.gen_range(0.18..0.3f32);
    let k2 = rng.gen_range(0.006..0.015f32);
    let a = rng.gen_range(2.0..5.0f32);
    let (p1, p2) = (rng.gen_range(0.0..6.3f32), rng.gen_range(0.0..6.3f32));
    let strength = rng.gen_range(0.12..0.22f32);
    // The slow modulation of each family depends on one coordinate only.
    let rows: Vec<f32> = (0..h).map(|y| a * (y as f32 * k2 + p1).sin()).collect();
    let cols: Vec<f32> = (0..w)
        .map(|x| a * (x as f32 * k2 * 1.3 + p2).sin())
        .collect();
    let diag = (w + h).max(1) as f32;
    let family1 = SeparableSine::new((0..w).map(|x| x as f32 * k1), rows.into_iter());
    let family2 = SeparableSine::new((0..h).map(|y| y as f32 * k1 * 0.7), cols.into_iter());
    RgbaImage::from_fn(w, h, |x, y| {
        let (xf, yf) = (x as f32, y as f32);
        let base = mix(bg.from, bg.to, (xf + yf) / diag);
        let (xi, yi) = (x as usize, y as usize);
        let wave1 = family1.at(xi, yi);
        let wave2 = family2.at(yi, xi);
        let line = if wave1.abs() < 0.12 || wave2.abs() < 0.1 {
            strength
        } else {
            0.0
        };
        let c = mix(base, bg.ink, line);
        Rgba([c[0], c[1], c[2], 255])
    })
}

fn blend(img: &mut RgbaImage, x: i64, y: i64, c: Rgb, alpha: f32) {
    if x < 0 || y < 0 || x >= i64::from(img.width()) || y >= i64::from(img.height()) {
        return;
    }
    let px = img.get_pixel_mut(x as u32, y as u32);
    let m = mix([px[0], px[1], px[2]], c, alpha.clamp(0.0, 1.0));
    *px = Rgba([m[0], m[1], m[2], px[3]]);
}

/// Draws a text and returns its ink box.
fn draw_text(img: &mut RgbaImage, fonts: &Fonts, t: &Text) -> Result<[f32; 4]> {
    let font = fonts.get(t.face);
    let scaled = font.as_scaled(t.scale);
    let x0 = match t.align {
        Align::Left => t.x,
        Align::Right => t.x - fonts.width(t.face, t.scale, &t.text)?,
        Align::Center => t.x - fonts.width(t.face, t.scale, &t.text)? / 2.0,
    };
    let ids = fonts.glyphs(t.face, &t.text)?;
    let mut caret = x0;
    let mut bbox = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            caret += scaled.kern(ids[i - 1], id);
        }
        let glyph = id.with_scale_and_position(t.scale, point(caret, t.baseline));
        caret += scaled.h_advance(id);
        if let Some(outlined) = font.outline_glyph(glyph) {
            let b = outlined.px_bounds();
            bbox = [
                bbox[0].min(b.min.x),
                bbox[1].min(b.min.y),
                bbox[2].max(b.max.x),
                bbox[3].max(b.max.y),
            ];
            outlined.draw(|gx, gy, cov| {
                let (px, py) = (
                    b.min.x as i64 + i64::from(gx),
                    b.min.y as i64 + i64::from(gy),
                );
                blend(img, px, py, t.color, cov);
            });
        }
    }
    if bbox[0] > bbox[2] {
        bail!("a text line has no visible glyph");
    }
    Ok(bbox)
}

fn irect(r: [f32; 4]) -> Option<Rect> {
    let (w, h) = ((r[2] - r[0]).round(), (r[3] - r[1]).round());
    (w >= 1.0 && h >= 1.0)
        .then(|| Rect::at(r[0].round() as i32, r[1].round() as i32).of_size(w as u32, h as u32))
}

fn fill(img: &mut RgbaImage, r: [f32; 4], c: Rgb) {
    if let Some(rect) = irect(r) {
        draw_filled_rect_mut(img, rect, Rgba([c[0], c[1], c[2], 255]));
    }
}

/// A grey photo placeholder: a vertical gradient with a darker head and shoulders.
fn photo(img: &mut RgbaImage, r: [f32; 4], rng: &mut StdRng) {
    let light = rng.gen_range(175.0..215.0f32);
    let dark = rng.gen_range(70.0..120.0f32);
    let (w, h) = (r[2] - r[0], r[3] - r[1]);
    let cx = r[0] + w / 2.0;
    let inside = |x: f32, y: f32, (ex, ey): (f32, f32), (rx, ry): (f32, f32)| {
        ((x - ex) / rx).powi(2) + ((y - ey) / ry).powi(2) <= 1.0
    };
    for y in r[1].max(0.0) as u32..(r[3] as u32).min(img.height()) {
        for x in r[0].max(0.0) as u32..(r[2] as u32).min(img.width()) {
            let (xf, yf) = (x as f32, y as f32);
            let head = inside(xf, yf, (cx, r[1] + h * 0.42), (w * 0.22, h * 0.2));
            let body = inside(xf, yf, (cx, r[3] + h * 0.05), (w * 0.42, h * 0.3));
            let g = if head || body {
                dark
            } else {
                light - 25.0 * (yf - r[1]) / h.max(1.0)
            } as u8;
            img.put_pixel(x, y, Rgba([g, g, g, 255]));
        }
    }
}

/// A few cursive-looking strokes.
fn signature(img: &mut RgbaImage, r: [f32; 4], rng: &mut StdRng) {
    let ink = Rgba([
        rng.gen_range(10..40),
        rng.gen_range(20..50),
        rng.gen_range(80..140),
        255,
    ]);
    let (w, h) = (r[2] - r[0], r[3] - r[1]);
    let mut x = r[0] + w * rng.gen_range(0.0..0.15);
    let mut y = r[1] + h * rng.gen_range(0.3..0.7);
    for _ in 0..rng.gen_range(3..6) {
        let nx = (x + w * rng.gen_range(0.12..0.3)).min(r[2]);
        let ny = r[1] + h * rng.gen_range(0.2..0.8);
        let c1 = (x + w * 0.05, r[1] + h * rng.gen_range(-0.2..0.4));
        let c2 = (nx - w * 0.05, r[1] + h * rng.gen_range(0.6..1.2));
        for d in 0..2 {
            let o = d as f32 * 0.8;
            draw_cubic_bezier_curve_mut(
                img,
                (x + o, y),
                (nx + o, ny),
                (c1.0 + o, c1.1),
                (c2.0 + o, c2.1),
                ink,
            );
        }
        x = nx;
        y = ny;
    }
}

/// Random black bars.
fn barcode(img: &mut RgbaImage, r: [f32; 4], rng: &mut StdRng) {
    let unit = ((r[2] - r[0]) / 140.0).max(1.0);
    let mut x = r[0];
    let mut bar = true;
    while x < r[2] {
        let w = unit * rng.gen_range(1..4) as f32;
        if bar {
            fill(img, [x, r[1], (x + w).min(r[2]), r[3]], [15, 15, 15]);
        }
        bar = !bar;
        x += w;
    }
}

/// The EU emblem: a blue field is drawn by the layout; twelve yellow dots in a ring here.
fn stars(img: &mut RgbaImage, cx: f32, cy: f32, r: f32) {
    let dot = (r * 0.14).max(1.0) as i32;
    for k in 0..12 {
        let a = k as f32 * std::f32::consts::TAU / 12.0;
        let (x, y) = (cx + r * a.cos(), cy + r * a.sin());
        draw_filled_ellipse_mut(
            img,
            (x as i32, y as i32),
            dot,
            dot,
            Rgba([255, 204, 0, 255]),
        );
    }
}

/// Makes the pixels outside rounded corners transparent, with an anti-aliased edge.
fn round_corners(img: &mut RgbaImage, radius: f32) {
    if radius < 1.0 {
        return;
    }
    let (w, h) = (img.width() as f32, img.height() as f32);
    let r = radius.min(w / 2.0).min(h / 2.0);
    let n = r.ceil() as u32;
    for y in 0..n.min(img.height()) {
        for x in 0..n.min(img.width()) {
            let (dx, dy) = (r - (x as f32 + 0.5), r - (y as f32 + 0.5));
            let dist = (dx * dx + dy * dy).sqrt();
            let cover = (r - dist + 0.5).clamp(0.0, 1.0);
            if cover >= 1.0 {
                continue;
            }
            for (px, py) in [
                (x, y),
                (img.width() - 1 - x, y),
                (x, img.height() - 1 - y),
                (img.width() - 1 - x, img.height() - 1 - y),
            ] {
                let p = img.get_pixel_mut(px, py);
                p[3] = (f32::from(p[3]) * cover) as u8;
            }
        }
    }
}

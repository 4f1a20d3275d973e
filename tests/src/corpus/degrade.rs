//! Phone-photo degradation: the card is placed on a desk-like background with perspective and
//! rotation, lit unevenly (glare, low light), blurred, given sensor noise and saved as JPEG.

use anyhow::{Context, Result};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use image::{Rgb, RgbImage, Rgba, RgbaImage};
use imageproc::filter::gaussian_blur_f32;
use imageproc::geometric_transformations::{Border, Interpolation, Projection, warp_into};
use rand::rngs::StdRng;
use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};

use super::render::{SeparableSine, channel};

/// How hard a photo is to read. Every photo is a 1600×1200 frame (a phone capture scaled for
/// a KYC flow); the exact ranges are in the module documentation of [`crate::corpus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A careful photo: the card 1100–1350 px wide, ±2° rotation, slight perspective, JPEG
    /// quality 85–95.
    Mild,
    /// A quick photo: the card 900–1150 px wide, ±5°, visible perspective, some blur, glare and
    /// dim light, JPEG 60–85.
    Medium,
    /// A bad photo that a person still reads: the card 750–950 px wide, ±10°, strong
    /// perspective, blur up to σ 1.2 px, glare, low light and noise, JPEG 40–60.
    Hard,
}

/// The frame of every photo, landscape.
const FRAME: (u32, u32) = (1600, 1200);

/// The parameter ranges of a level.
#[derive(Debug, Clone, Copy)]
struct Params {
    card_width: (f32, f32),
    rotation_deg: f32,
    perspective: f32,
    blur: (f32, f32),
    glare_chance: f64,
    glare: (f32, f32),
    noise: (f32, f32),
    brightness: (f32, f32),
    gamma: (f32, f32),
    jpeg: (u8, u8),
}

impl Level {
    fn params(self) -> Params {
        match self {
            Level::Mild => Params {
                card_width: (1100.0, 1350.0),
                rotation_deg: 2.0,
                perspective: 0.01,
                blur: (0.0, 0.5),
                glare_chance: 0.3,
                glare: (0.15, 0.35),
                noise: (1.0, 3.0),
                brightness: (0.92, 1.0),
                gamma: (0.95, 1.1),
                jpeg: (85, 95),
            },
            Level::Medium => Params {
                card_width: (900.0, 1150.0),
                rotation_deg: 5.0,
                perspective: 0.03,
                blur: (0.4, 0.9),
                glare_chance: 0.6,
                glare: (0.3, 0.6),
                noise: (3.0, 7.0),
                brightness: (0.75, 0.95),
                gamma: (1.0, 1.3),
                jpeg: (60, 85),
            },
            Level::Hard => Params {
                card_width: (750.0, 950.0),
                rotation_deg: 10.0,
                perspective: 0.06,
                blur: (0.7, 1.2),
                glare_chance: 0.9,
                glare: (0.5, 0.85),
                noise: (7.0, 13.0),
                brightness: (0.5, 0.75),
                gamma: (1.2, 1.6),
                jpeg: (40, 60),
            },
        }
    }
}

fn range(rng: &mut StdRng, (lo, hi): (f32, f32)) -> f32 {
    if hi > lo { rng.gen_range(lo..hi) } else { lo }
}

/// Photographs a rendered card (RGBA, transparent outside its corners) and returns the JPEG
/// bytes.
pub(crate) fn photograph(
    card: &RgbaImage,
    level: Level,
    upside_down: bool,
    rng: &mut StdRng,
) -> Result<Vec<u8>> {
    let p = level.params();
    let (fw, fh) = (FRAME.0 as f32, FRAME.1 as f32);

    // Shrink the card to its final width first, with a proper filter, so the warp does not
    // alias; the warp then only rotates and tilts it.
    let target = range(rng, p.card_width);
    let aspect = card.height() as f32 / card.width() as f32;
    let resized;
    let small = if target < card.width() as f32 {
        let h = (target * aspect).round() as u32;
        resized = imageops::resize(card, target.round() as u32, h.max(1), FilterType::Triangle);
        &resized
    } else {
        card
    };
    let dst = placement((target, target * aspect), &p, upside_down, rng);
    // Only the card's bounding box (with room for its shadow) is warped and composited.
    let pad = 12.0;
    let bx0 = (dst.iter().map(|c| c.0).fold(f32::MAX, f32::min) - pad)
        .max(0.0)
        .floor();
    let by0 = (dst.iter().map(|c| c.1).fold(f32::MAX, f32::min) - pad)
        .max(0.0)
        .floor();
    let bx1 = (dst.iter().map(|c| c.0).fold(f32::MIN, f32::max) + pad)
        .min(fw)
        .ceil();
    let by1 = (dst.iter().map(|c| c.1).fold(f32::MIN, f32::max) + pad)
        .min(fh)
        .ceil();
    let local = dst.map(|(x, y)| (x - bx0, y - by0));
    let (w, h) = (small.width() as f32, small.height() as f32);
    let src = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
    let projection =
        Projection::from_control_points(src, local).context("degenerate card placement")?;
    let mut warped = RgbaImage::new((bx1 - bx0) as u32, (by1 - by0) as u32);
    warp_into(
        small,
        projection,
        Interpolation::Bilinear,
        Border::Constant(Rgba([0, 0, 0, 0])),
        &mut warped,
    );

    let mut photo = desk(FRAME, rng);
    composite(&mut photo, &warped, (bx0 as u32, by0 as u32), rng);
    light(&mut photo, &p, rng);
    let sigma = range(rng, p.blur);
    if sigma > 0.25 {
        photo = gaussian_blur_f32(&photo, sigma);
    }
    noise(&mut photo, range(rng, p.noise), rng);

    let quality = rng.gen_range(p.jpeg.0..=p.jpeg.1);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode_image(&photo)
        .context("JPEG encoding")?;
    Ok(jpeg)
}

/// Where the corners of a card of `size` (width, height) land in the frame (top left, top
/// right, bottom right, bottom left): rotated about its centre by up to the level's angle
/// (plus 180° when upside down), each corner moved by up to the perspective jitter, shrunk
/// only if it would not fit inside the frame's 3% margins, and placed at random inside them.
fn placement(
    (w, h): (f32, f32),
    p: &Params,
    upside_down: bool,
    rng: &mut StdRng,
) -> [(f32, f32); 4] {
    let (fw, fh) = (FRAME.0 as f32, FRAME.1 as f32);
    let mut angle = range(rng, (-p.rotation_deg, p.rotation_deg)).to_radians();
    if upside_down {
        angle += std::f32::consts::PI;
    }
    let (sin, cos) = angle.sin_cos();
    let jitter = p.perspective * w;
    let mut quad = [
        (-w / 2.0, -h / 2.0),
        (w / 2.0, -h / 2.0),
        (w / 2.0, h / 2.0),
        (-w / 2.0, h / 2.0),
    ]
    .map(|(x, y)| {
        let (jx, jy) = (range(rng, (-jitter, jitter)), range(rng, (-jitter, jitter)));
        (x * cos - y * sin + jx, x * sin + y * cos + jy)
    });
    let margin = 0.03 * fw;
    let span = |q: &[(f32, f32)], f: fn(&(f32, f32)) -> f32| {
        let v: Vec<f32> = q.iter().map(f).collect();
        let lo = v.iter().copied().fold(f32::MAX, f32::min);
        let hi = v.iter().copied().fold(f32::MIN, f32::max);
        (lo, hi)
    };
    let (x0, x1) = span(&quad, |c| c.0);
    let (y0, y1) = span(&quad, |c| c.1);
    let shrink = ((fw - 2.0 * margin) / (x1 - x0))
        .min((fh - 2.0 * margin) / (y1 - y0))
        .min(1.0);
    for c in &mut quad {
        c.0 *= shrink;
        c.1 *= shrink;
    }
    let (x0, x1) = (x0 * shrink, x1 * shrink);
    let (y0, y1) = (y0 * shrink, y1 * shrink);
    let cx = range(rng, (margin - x0, fw - margin - x1));
    let cy = range(rng, (margin - y0, fh - margin - y1));
    quad.map(|(x, y)| (x + cx, y + cy))
}

/// A desk or table surface: wood, grey laminate, a white table or dark fabric.
fn desk(frame: (u32, u32), rng: &mut StdRng) -> RgbImage {
    const KINDS: [([f32; 3], f32); 4] = [
        ([150.0, 105.0, 65.0], 1.0),  // wood, with grain
        ([120.0, 122.0, 125.0], 0.3), // grey laminate
        ([225.0, 222.0, 215.0], 0.2), // white table
        ([45.0, 48.0, 60.0], 0.5),    // dark fabric
    ];
    let (base, grain) = KINDS[rng.gen_range(0..KINDS.len())];
    let tint: [f32; 3] = [0; 3].map(|_| rng.gen_range(-12.0..12.0));
    let f1 = rng.gen_range(0.05..0.15f32);
    let f2 = rng.gen_range(0.0025..0.01f32);
    let f3 = rng.gen_range(0.0005..0.0025f32);
    let phase = rng.gen_range(0.0..6.3f32);
    // Grain streaks run along x and wave slowly; blotches are separable in x and y.
    let wave: Vec<f32> = (0..frame.0)
        .map(|x| 3.0 * (x as f32 * f2 + phase).sin())
        .collect();
    let blotch_x: Vec<f32> = (0..frame.0)
        .map(|x| (x as f32 * f3 * 7.0).sin() * 8.0)
        .collect();
    let blotch_y: Vec<f32> = (0..frame.1)
        .map(|y| (y as f32 * f3 * 5.0 + phase).cos() * 8.0)
        .collect();
    // Three streak frequencies, each `sin(y × f + k × wave(x))`.
    let streaks = [(1.0, 1.0, 7.0), (3.7, 1.7, 5.0), (9.3, 0.6, 3.0)].map(|(fy, kx, amp)| {
        let rows = (0..frame.1).map(|y| y as f32 * f1 * fy);
        let cols = wave.iter().map(|w| kx * w);
        (SeparableSine::new(rows, cols), amp * grain)
    });
    let colour = [0, 1, 2].map(|i| base[i] + tint[i]);
    RgbImage::from_fn(frame.0, frame.1, |x, y| {
        let (xi, yi) = (x as usize, y as usize);
        let streak: f32 = streaks.iter().map(|(s, amp)| s.at(yi, xi) * amp).sum();
        let v = streak + blotch_x[xi] + blotch_y[yi];
        let c = |i: usize| (colour[i] + v).clamp(0.0, 255.0) as u8;
        Rgb([c(0), c(1), c(2)])
    })
}

/// Lays the warped card (its top-left corner at `at`) over the desk with a soft shadow. The
/// warped colours are premultiplied by alpha (bilinear sampling against a transparent border).
fn composite(photo: &mut RgbImage, card: &RgbaImage, at: (u32, u32), rng: &mut StdRng) {
    let (dx, dy) = (rng.gen_range(2..9u32), rng.gen_range(2..9u32));
    let strength = rng.gen_range(0.2..0.45f32);
    // Shadow: the card's alpha at quarter resolution, blurred, offset by (dx, dy).
    let alpha = image::GrayImage::from_fn(card.width() / 4 + 1, card.height() / 4 + 1, |x, y| {
        let (cx, cy) = (
            (x * 4).min(card.width() - 1),
            (y * 4).min(card.height() - 1),
        );
        image::Luma([card.get_pixel(cx, cy)[3]])
    });
    let alpha = gaussian_blur_f32(&alpha, 2.0);
    let (pw, ph) = photo.dimensions();
    for y in at.1..(at.1 + card.height()).min(ph) {
        for x in at.0..(at.0 + card.width()).min(pw) {
            let (lx, ly) = (x - at.0, y - at.1);
            let (sx, sy) = (lx.saturating_sub(dx) / 4, ly.saturating_sub(dy) / 4);
            let shade = f32::from(alpha.get_pixel(sx, sy)[0]) / 255.0 * strength;
            let c = card.get_pixel(lx, ly);
            let a = f32::from(c[3]) / 255.0;
            let px = photo.get_pixel_mut(x, y);
            for i in 0..3 {
                let under = f32::from(px[i]) * (1.0 - shade);
                px[i] = channel(under * (1.0 - a) + f32::from(c[i]));
            }
        }
    }
}

/// Glare (a bright radial blob), an illumination gradient, dimming and gamma.
fn light(photo: &mut RgbImage, p: &Params, rng: &mut StdRng) {
    let (w, h) = (photo.width() as f32, photo.height() as f32);
    let glare = rng.gen_bool(p.glare_chance).then(|| {
        let (gx, gy) = (rng.gen_range(0.15..0.85) * w, rng.gen_range(0.15..0.85) * h);
        let radius = rng.gen_range(0.06..0.2f32) * w;
        let strength = range(rng, p.glare);
        (gx, gy, radius, strength)
    });
    let direction = rng.gen_range(0.0..std::f32::consts::TAU);
    let slope = rng.gen_range(0.05..0.2f32);
    let brightness = range(rng, p.brightness);
    let gamma = range(rng, p.gamma);
    // Illumination is linear in x and y: brightness × (1 + slope × position along `direction`).
    let (ax, ay) = (
        2.0 * slope * direction.cos() / w,
        2.0 * slope * direction.sin() / h,
    );
    let c0 = 1.0 - slope * (direction.cos() + direction.sin());
    // A lookup table for the gamma curve keeps the per-pixel work small.
    let curve: Vec<u8> = (0..=255)
        .map(|v| (255.0 * (v as f32 / 255.0).powf(gamma)).round() as u8)
        .collect();
    for (x, y, px) in photo.enumerate_pixels_mut() {
        let (xf, yf) = (x as f32, y as f32);
        let illum = brightness * (c0 + ax * xf + ay * yf);
        let g = glare.map_or(0.0, |(gx, gy, r, s)| {
            let d2 = ((xf - gx).powi(2) + (yf - gy).powi(2)) / (r * r);
            if d2 < 12.0 {
                s * (-d2 / 2.0).exp()
            } else {
                0.0
            }
        });
        for i in 0..3 {
            let v = f32::from(px[i]);
            let lit = v + g * (255.0 - v);
            px[i] = curve[(lit * illum).clamp(0.0, 255.0) as usize];
        }
    }
}

/// Sensor noise: Gaussian luminance noise with a little colour noise, drawn from a table of
/// normal deviates (indexed by random bits) to keep the per-pixel cost low.
fn noise(photo: &mut RgbImage, sigma: f32, rng: &mut StdRng) {
    const TABLE: usize = 4096;
    let normals: Vec<f32> = (0..TABLE / 2)
        .flat_map(|_| {
            // Box–Muller gives two deviates.
            let u1: f32 = rng.gen_range(f32::EPSILON..1.0);
            let u2: f32 = rng.gen_range(0.0..1.0);
            let r = (-2.0 * u1.ln()).sqrt();
            let a = std::f32::consts::TAU * u2;
            [r * a.cos(), r * a.sin()]
        })
        .collect();
    for px in photo.pixels_mut() {
        let bits = rng.next_u64();
        let n = |k: u32| normals[((bits >> (16 * k)) as usize) % TABLE];
        let luma = n(0) * sigma;
        for i in 0..3 {
            let chroma = n(i as u32 + 1) * sigma * 0.3;
            px[i] = channel(f32::from(px[i]) + luma + chroma);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    #[test]
    fn cards_have_the_level_width_and_stay_in_the_frame() {
        let mut rng = StdRng::seed_from_u64(3);
        // ID-1 cards, the Romanian card and passport pages.
        for aspect in [54.0 / 85.6, 74.0 / 105.0, 88.0 / 125.0] {
            for level in [Level::Mild, Level::Medium, Level::Hard] {
                let p = level.params();
                for k in 0..300 {
                    let w = range(&mut rng, p.card_width);
                    let quad = placement((w, w * aspect), &p, k % 3 == 0, &mut rng);
                    // The mean of the top and bottom edges is the width, up to perspective.
                    let width = (dist(quad[0], quad[1]) + dist(quad[3], quad[2])) / 2.0;
                    let slack = 2.0 * p.perspective * p.card_width.1;
                    assert!(
                        width >= p.card_width.0 - slack && width <= p.card_width.1 + slack,
                        "{level:?} {width}"
                    );
                    for (x, y) in quad {
                        assert!((0.0..=FRAME.0 as f32).contains(&x));
                        assert!((0.0..=FRAME.1 as f32).contains(&y));
                    }
                }
            }
        }
    }
}

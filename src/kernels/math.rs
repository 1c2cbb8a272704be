//! Our own exp and ln, built only from IEEE-exact operations (+, −, ×, /),
//! so that the native build, the scalar wasm build and the SIMD wasm build
//! (which evaluates the very same polynomial four lanes at a time) agree to
//! the bit. `f32::exp` cannot promise that: natively it is the system libm.
//!
//! Accuracy: about 2 ulp over the clamped range (tested against f64 below).

const LN2_HI: f32 = 0.693_145_75; // ln 2 split so that k·LN2_HI is exact
const LN2_LO: f32 = 1.428_606_8e-6;
const INV_LN2: f32 = core::f32::consts::LOG2_E;
/// 1.5·2²³: adding and subtracting it rounds an f32 to the nearest integer.
pub const ROUND_MAGIC: f32 = 12_582_912.0;
/// exp clamps its argument here: below, the result would be subnormal.
pub const EXP_MIN: f32 = -87.0;
/// Above this exp would overflow an f32.
pub const EXP_MAX: f32 = 88.0;

/// Taylor coefficients 1/n! (n = 0..=7) for the reduced argument |r| ≤ ln2/2;
/// the first omitted term, r⁸/8!, is below 5e-9 relative.
pub const EXP_C: [f32; 8] = [1.0, 1.0, 0.5, 0.166_666_67, 0.041_666_668, 0.008_333_334, 0.001_388_889, 0.000_198_412_7];

/// e^x for finite x (clamped to [EXP_MIN, EXP_MAX]); NaN stays NaN.
#[inline]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(EXP_MIN, EXP_MAX);
    let k = (x * INV_LN2 + ROUND_MAGIC) - ROUND_MAGIC;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut p = EXP_C[7];
    p = p * r + EXP_C[6];
    p = p * r + EXP_C[5];
    p = p * r + EXP_C[4];
    p = p * r + EXP_C[3];
    p = p * r + EXP_C[2];
    p = p * r + EXP_C[1];
    p = p * r + EXP_C[0];
    p * pow2i(k)
}

/// 2^k for an integral k in [−127, 128], built from the exponent bits.
#[inline]
pub fn pow2i(k: f32) -> f32 {
    // k ∈ [−126, 127] after the clamp in exp; the exponent field is k + 127.
    f32::from_bits(((k as i32 + 127) as u32) << 23)
}

/// The logistic function 1 / (1 + e^(−x)).
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// Natural logarithm for x > 0 (ln 0 = −inf, negative or NaN gives NaN).
#[inline]
pub fn ln(x: f32) -> f32 {
    if x.is_nan() || x < 0.0 {
        return f32::NAN;
    }
    if x == 0.0 {
        return f32::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    // Normalise subnormals so the exponent field is meaningful.
    let (x, bias) = if x < f32::MIN_POSITIVE { (x * 16_777_216.0, -24) } else { (x, 0) };
    let bits = x.to_bits();
    let mut e = ((bits >> 23) & 0xff) as i32 - 127 + bias;
    let mut m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000); // m ∈ [1, 2)
    if m > core::f32::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut p = 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    let ef = e as f32;
    2.0 * s * p + ef * LN2_LO + ef * LN2_HI
}

/// log(1 + e^x) without overflow.
#[inline]
pub fn softplus(x: f32) -> f32 {
    x.max(0.0) + ln(1.0 + exp(-x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softplus_matches_log_one_plus_exp_in_f64() {
        // log(1 + e^x) in f64 as the reference, over both signs and far tails
        // (where the naive form overflows: the x ≥ 0 branch adds x to log(1 + e^−x)).
        for i in -400..=400 {
            let x = i as f32 * 0.1;
            let want = if x > 30.0 { f64::from(x) } else { f64::from(x).exp().ln_1p() };
            let got = f64::from(softplus(x));
            assert!((got - want).abs() < 2e-6 * (1.0 + want.abs()), "softplus({x}) = {got}, want {want}");
        }
    }

    fn rel(a: f32, b: f64) -> f64 {
        ((f64::from(a) - b) / b).abs()
    }

    #[test]
    fn exp_is_within_a_few_ulp_of_f64() {
        let mut worst = 0.0f64;
        let mut x = -80.0f32;
        while x < 80.0 {
            worst = worst.max(rel(exp(x), f64::from(x).exp()));
            x += 0.0137;
        }
        // f32 ulp is 2^-23 ≈ 1.19e-7; 4 ulp ≈ 4.8e-7.
        assert!(worst < 4.8e-7, "worst relative error {worst}");
    }

    #[test]
    fn ln_is_within_a_few_ulp_of_f64() {
        let mut worst = 0.0f64;
        let mut x = 1e-30f32;
        while x < 1e30 {
            let r = (f64::from(ln(x)) - f64::from(x).ln()).abs() / f64::from(x).ln().abs().max(1.0);
            worst = worst.max(r);
            x *= 1.0173;
        }
        assert!(worst < 4.8e-7, "worst error {worst}");
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f32::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
    }

    #[test]
    fn exp_saturates_instead_of_overflowing() {
        assert!(exp(1000.0).is_finite());
        assert!(exp(-1000.0) > 0.0);
        assert!(exp(f32::NAN).is_nan());
    }

    #[test]
    fn log_sum_exp_matches_f64_reference() {
        let v: Vec<f32> = (0..37).map(|i| (i as f32 * 0.7).sin() * 30.0).collect();
        let m = v.iter().copied().fold(f32::MIN, f32::max) as f64;
        let want = m + v.iter().map(|&x| (f64::from(x) - m).exp()).sum::<f64>().ln();
        let got = crate::kernels::log_sum_exp(&v);
        assert!((f64::from(got) - want).abs() < 1e-5 * want.abs());
        assert_eq!(crate::kernels::log_sum_exp(&[]), f32::NEG_INFINITY);
    }
}

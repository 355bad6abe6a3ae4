#include "env/turbulence.h"

#include <algorithm>
#include <cmath>

namespace kestrel {
namespace {

constexpr double kFt = kMetresPerFoot;
constexpr double kSqrt3 = 1.7320508075688772;
constexpr double kMinAirspeedMps = 1.0;
constexpr double kMinLowAltFt = 10.0;    // low-altitude model held below 10 ft (L_w = h -> 0)
constexpr double kRecomputeTol = 0.002;  // relative change that triggers new coefficients

// Medium/high-altitude RMS turbulence intensity sigma_u = sigma_v = sigma_w [ft/s] against
// altitude [ft]: MIL-F-8785C Figure 7 ("probability of exceedance"), as tabulated in JSBSim
// src/models/FGWinds.cpp (POE_Table, "Figure 7 from p. 49 of MIL-F-8785C"; rows 3, 4 and 6 are
// the 1e-2 light, 1e-3 moderate and 1e-5 severe curves, per FGWinds.h "3=light, 4=moderate,
// 6=severe") and by the MATLAB Dryden Wind Turbulence Model block documentation.
constexpr int kPoeCount = 12;
constexpr double kPoeAltFt[kPoeCount] = {500.0,   1750.0,  3750.0,  7500.0,  15000.0, 25000.0,
                                         35000.0, 45000.0, 55000.0, 65000.0, 75000.0, 80000.0};
constexpr double kPoeLightFps[kPoeCount] = {6.6, 6.9, 7.4, 6.7, 4.6, 2.7,
                                            0.4, 0.0, 0.0, 0.0, 0.0, 0.0};
constexpr double kPoeModerateFps[kPoeCount] = {8.6, 9.6, 10.6, 10.1, 8.0, 6.6,
                                               5.0, 4.2, 2.7,  0.0,  0.0, 0.0};
constexpr double kPoeSevereFps[kPoeCount] = {15.6, 17.6, 23.0, 23.6, 22.1, 20.0,
                                             16.0, 15.1, 12.1, 7.9,  6.2,  5.1};

double poe_sigma_fps(TurbulenceLevel level, double alt_ft) {
  const double* y = level == TurbulenceLevel::kLight      ? kPoeLightFps
                    : level == TurbulenceLevel::kModerate ? kPoeModerateFps
                                                          : kPoeSevereFps;
  if (alt_ft <= kPoeAltFt[0]) return y[0];
  if (alt_ft >= kPoeAltFt[kPoeCount - 1]) return y[kPoeCount - 1];
  int i = 1;
  while (kPoeAltFt[i] < alt_ft) ++i;
  const double t = (alt_ft - kPoeAltFt[i - 1]) / (kPoeAltFt[i] - kPoeAltFt[i - 1]);
  return y[i - 1] + t * (y[i] - y[i - 1]);
}

// Wind speed at 20 ft for the low-altitude model [kt] (MIL-F-8785C Figure 9 / 3.7.2.3).
double w20_kt(TurbulenceLevel level) {
  switch (level) {
    case TurbulenceLevel::kLight:
      return 15.0;
    case TurbulenceLevel::kModerate:
      return 30.0;
    case TurbulenceLevel::kSevere:
      return 45.0;
    case TurbulenceLevel::kNone:
      break;
  }
  return 0.0;
}

DrydenScales low_altitude(TurbulenceLevel level, double h_ft) {
  // sigma_w = 0.1 W20; sigma_u/sigma_w = sigma_v/sigma_w = 1/(0.177 + 0.000823 h)^0.4;
  // L_w = h; L_u = L_v = h/(0.177 + 0.000823 h)^1.2 (h in ft).
  const double c = 0.177 + 0.000823 * h_ft;
  const double c04 = std::pow(c, 0.4);
  const double sigma_w = 0.1 * w20_kt(level) * kMetresPerSecondPerKnot;
  DrydenScales s;
  s.sigma_w_mps = sigma_w;
  s.sigma_u_mps = s.sigma_v_mps = sigma_w / c04;
  s.length_w_m = h_ft * kFt;
  s.length_u_m = s.length_v_m = h_ft * kFt / (c04 * c04 * c04);
  return s;
}

DrydenScales high_altitude(TurbulenceLevel level, double h_ft) {
  DrydenScales s;
  s.sigma_u_mps = s.sigma_v_mps = s.sigma_w_mps = poe_sigma_fps(level, h_ft) * kFt;
  s.length_u_m = s.length_v_m = s.length_w_m = 1750.0 * kFt;
  return s;
}

// I_n(h) = integral_0^h s^n exp(-2 s) ds, n = 0, 1, 2: the discrete noise covariance of the
// critically damped pair (see step_turbulence). Series for small h (no cancellation), closed
// form otherwise.
void noise_integrals(double h, double& i0, double& i1, double& i2) {
  if (h < 0.5) {
    // exp(-2s) = sum_k (-2)^k s^k / k!  =>  I_n = sum_k (-2)^k / k! h^(n+k+1) / (n+k+1).
    double c = 1.0;  // (-2)^k / k!
    double hp = h;   // h^(k+1)
    i0 = i1 = i2 = 0.0;
    for (int k = 0; k < 40; ++k) {
      i0 += c * hp / (k + 1);
      i1 += c * hp * h / (k + 2);
      i2 += c * hp * h * h / (k + 3);
      c *= -2.0 / (k + 1);
      hp *= h;
      if (std::abs(c * hp) < 1e-18 * i0) break;
    }
    return;
  }
  const double e = std::exp(-2.0 * h);
  i0 = 0.5 * (1.0 - e);
  i1 = 0.25 * (1.0 - e * (1.0 + 2.0 * h));
  i2 = 0.25 * (1.0 - e * (1.0 + 2.0 * h + 2.0 * h * h));
}

void second_order_coefficients(double h, double& a, double& l11, double& l21, double& l22) {
  double i0, i1, i2;
  noise_integrals(h, i0, i1, i2);
  a = std::exp(-h);
  l11 = std::sqrt(i0);
  l21 = i1 / l11;
  l22 = std::sqrt(std::max(i2 - l21 * l21, 0.0));
}

// First-order lag x' = (w - x)/tau, exact for w linear over the step (first-order hold):
// x1 = a x0 + (1 - a) w0 + c (w1 - w0), c = 1 - (tau/dt)(1 - a).
void lag_coefficients(double tau_s, double dt_s, double& a, double& c) {
  const double r = dt_s / tau_s;
  const double one_minus_a = -std::expm1(-r);
  a = 1.0 - one_minus_a;
  c = 1.0 - one_minus_a / r;
}

TurbulenceCoefficients make_coefficients(const TurbulenceParams& params, double height_agl_m,
                                         double v_mps, double dt_s) {
  TurbulenceCoefficients k;
  k.scales = dryden_scales(params.level, height_agl_m);
  const DrydenScales& s = k.scales;
  const double b = params.wingspan_m;
  // u: Phi_u = sigma^2 (2 L/pi) / (1 + (L Omega)^2): an AR(1) with a = exp(-V dt / L).
  k.a_u = std::exp(-v_mps * dt_s / s.length_u_m);
  k.g_u = std::sqrt(-std::expm1(-2.0 * v_mps * dt_s / s.length_u_m));
  // v, w: Phi = sigma^2 (L/pi) (1 + 3 (L Omega)^2) / (1 + (L Omega)^2)^2, i.e. white noise
  // through (1 + sqrt3 T s)/(1 + T s)^2, T = L/V.
  k.h_v = v_mps * dt_s / s.length_v_m;
  second_order_coefficients(k.h_v, k.a_v, k.l11_v, k.l21_v, k.l22_v);
  k.h_w = v_mps * dt_s / s.length_w_m;
  second_order_coefficients(k.h_w, k.a_w, k.l11_w, k.l21_w, k.l22_w);
  // p: Phi_p(Omega) = (sigma_w^2 / L_w) 0.8 (pi L_w / 4b)^(1/3) / (1 + (4 b Omega / pi)^2), a
  // first-order process with tau_p = 4b/(pi V) and variance (integral over Omega in [0, inf))
  // sigma_p^2 = 0.8 sigma_w^2 (pi L_w / 4b)^(1/3) pi^2 / (8 b L_w).
  const double lw = s.length_w_m;
  k.sigma_p_rad_s =
      s.sigma_w_mps * std::sqrt(0.8 * std::cbrt(kPi * lw / (4.0 * b)) * kPi * kPi / (8.0 * b * lw));
  const double tau_p = 4.0 * b / (kPi * v_mps);
  k.a_p = std::exp(-dt_s / tau_p);
  k.g_p = std::sqrt(-std::expm1(-2.0 * dt_s / tau_p));
  // q = -(s/V)/(1 + 4b s/(pi V)) w_g, r = +(s/V)/(1 + 3b s/(pi V)) v_g. With
  // s/(1 + tau s) = (1 - 1/(1 + tau s))/tau: q = -(w_g - lag(w_g)) / (V tau_q).
  const double tau_q = 4.0 * b / (kPi * v_mps);
  const double tau_r = 3.0 * b / (kPi * v_mps);
  lag_coefficients(tau_q, dt_s, k.a_q, k.c_q);
  lag_coefficients(tau_r, dt_s, k.a_r, k.c_r);
  k.k_q = 1.0 / (v_mps * tau_q);
  k.k_r = 1.0 / (v_mps * tau_r);
  return k;
}

bool close(double now, double then, double floor) {
  return std::abs(now - then) <= kRecomputeTol * std::max(std::abs(then), floor);
}

}  // namespace

DrydenScales dryden_scales(TurbulenceLevel level, double height_agl_m) {
  if (level == TurbulenceLevel::kNone) return DrydenScales{};
  const double h_ft = std::max(height_agl_m / kFt, kMinLowAltFt);
  if (h_ft <= 1000.0) return low_altitude(level, h_ft);
  if (h_ft >= 2000.0) return high_altitude(level, h_ft);
  const DrydenScales lo = low_altitude(level, 1000.0);
  const DrydenScales hi = high_altitude(level, 2000.0);
  const double t = (h_ft - 1000.0) / 1000.0;
  auto mix = [t](double a, double b) { return a + t * (b - a); };
  DrydenScales s;
  s.sigma_u_mps = mix(lo.sigma_u_mps, hi.sigma_u_mps);
  s.sigma_v_mps = mix(lo.sigma_v_mps, hi.sigma_v_mps);
  s.sigma_w_mps = mix(lo.sigma_w_mps, hi.sigma_w_mps);
  s.length_u_m = mix(lo.length_u_m, hi.length_u_m);
  s.length_v_m = mix(lo.length_v_m, hi.length_v_m);
  s.length_w_m = mix(lo.length_w_m, hi.length_w_m);
  return s;
}

void step_turbulence(const TurbulenceParams& params, TurbulenceState& state, double height_agl_m,
                     double airspeed_mps, double dt_s, Rng& rng, TurbulenceOutput& out) {
  out.vel_b_mps.setZero();
  out.omega_b_rad_s.setZero();
  out.valid = true;
  if (params.level == TurbulenceLevel::kNone) return;
  if (!std::isfinite(height_agl_m) || !std::isfinite(airspeed_mps) || !std::isfinite(dt_s) ||
      !(dt_s > 0.0)) {
    out.valid = false;
    return;
  }
  const double v = std::max(airspeed_mps, kMinAirspeedMps);
  const double h = std::max(height_agl_m, 0.0);

  // 1. Coefficients: recomputed only when the conditions have moved (plain cached data).
  if (!state.coef_valid || state.coef_level != params.level ||
      state.coef_wingspan_m != params.wingspan_m || state.coef_dt_s != dt_s ||
      !close(h, state.coef_height_m, 3.0) || !close(v, state.coef_airspeed_mps, 1.0)) {
    state.coef = make_coefficients(params, h, v, dt_s);
    state.coef_valid = true;
    state.coef_level = params.level;
    state.coef_wingspan_m = params.wingspan_m;
    state.coef_dt_s = dt_s;
    state.coef_height_m = h;
    state.coef_airspeed_mps = v;
  }
  const TurbulenceCoefficients& k = state.coef;
  const DrydenScales& s = k.scales;

  // 2. First step: draw every filter from its stationary distribution. For the normalised
  // critically damped pair the stationary covariance is [[1/2, 1/4], [1/4, 1/4]].
  if (!state.started) {
    constexpr double kL11 = 0.70710678118654752;  // sqrt(1/2)
    constexpr double kL21 = 0.35355339059327376;  // (1/4)/sqrt(1/2)
    constexpr double kL22 = 0.35355339059327376;  // sqrt(1/4 - 1/8)
    state.x_u = rng.normal();
    double n1 = rng.normal(), n2 = rng.normal();
    state.x1_v = kL11 * n1;
    state.x2_v = kL21 * n1 + kL22 * n2;
    n1 = rng.normal();
    n2 = rng.normal();
    state.x1_w = kL11 * n1;
    state.x2_w = kL21 * n1 + kL22 * n2;
    state.x_p = rng.normal();
    state.v_prev_mps = s.sigma_v_mps * (kSqrt3 * state.x1_v + (1.0 - kSqrt3) * state.x2_v);
    state.w_prev_mps = s.sigma_w_mps * (kSqrt3 * state.x1_w + (1.0 - kSqrt3) * state.x2_w);
    state.lag_q_mps = state.w_prev_mps;
    state.lag_r_mps = state.v_prev_mps;
    state.started = true;
  }

  // 3. Linear gusts. u: unit-variance AR(1). v, w: the pair x1' = -x1 + eta, x2' = -x2 + x1 in
  // time normalised by T = L/V, output y = (1 + sqrt3 d/dt) x2 = sqrt3 x1 + (1 - sqrt3) x2 with
  // unit variance; exact transition a [[1, 0], [h, 1]] (h = V dt / L) and noise covariance
  // [[I0, I1], [I1, I2]] (Cholesky factor l11, l21, l22). The output has exactly the Dryden
  // autocorrelation (1 - V tau / 2L) exp(-V tau / L) at the sample instants.
  state.x_u = k.a_u * state.x_u + k.g_u * rng.normal();
  {
    const double n1 = rng.normal(), n2 = rng.normal();
    const double x1 = k.a_v * state.x1_v + k.l11_v * n1;
    const double x2 = k.a_v * (k.h_v * state.x1_v + state.x2_v) + k.l21_v * n1 + k.l22_v * n2;
    state.x1_v = x1;
    state.x2_v = x2;
  }
  {
    const double n1 = rng.normal(), n2 = rng.normal();
    const double x1 = k.a_w * state.x1_w + k.l11_w * n1;
    const double x2 = k.a_w * (k.h_w * state.x1_w + state.x2_w) + k.l21_w * n1 + k.l22_w * n2;
    state.x1_w = x1;
    state.x2_w = x2;
  }
  const double u_g = s.sigma_u_mps * state.x_u;
  const double v_g = s.sigma_v_mps * (kSqrt3 * state.x1_v + (1.0 - kSqrt3) * state.x2_v);
  const double w_g = s.sigma_w_mps * (kSqrt3 * state.x1_w + (1.0 - kSqrt3) * state.x2_w);

  // 4. Rotary gusts. p: its own unit-variance AR(1). q, r: high-passed w_g, v_g.
  state.x_p = k.a_p * state.x_p + k.g_p * rng.normal();
  state.lag_q_mps =
      k.a_q * state.lag_q_mps + (1.0 - k.a_q) * state.w_prev_mps + k.c_q * (w_g - state.w_prev_mps);
  state.lag_r_mps =
      k.a_r * state.lag_r_mps + (1.0 - k.a_r) * state.v_prev_mps + k.c_r * (v_g - state.v_prev_mps);
  state.w_prev_mps = w_g;
  state.v_prev_mps = v_g;

  out.vel_b_mps = Vec3(u_g, v_g, w_g);
  out.omega_b_rad_s = Vec3(k.sigma_p_rad_s * state.x_p, -k.k_q * (w_g - state.lag_q_mps),
                           k.k_r * (v_g - state.lag_r_mps));
}

}  // namespace kestrel

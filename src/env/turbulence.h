// Dryden continuous turbulence per MIL-F-8785C (3.7.2) / MIL-HDBK-1797: gust velocities u_g, v_g,
// w_g and rotary gusts p_g, q_g, r_g, from white noise through forming filters discretised
// exactly for the step, so that the sampled output has the Dryden variance and autocorrelation
// at any step size.
//
// Axes: all six components are generated directly along the BODY axes (x fwd, y right, z down).
// MIL-F-8785C defines the low-altitude components in axes aligned with the mean wind and the
// medium/high-altitude ones in body axes; putting all of them in body axes is the usual simulator
// simplification (MATLAB Aerospace Blockset, JSBSim "milspec"), with the frozen-field assumption
// (turbulence is a spatial field the aircraft flies through at its airspeed).
//
// Sign convention (the same as for the wind velocity): the airframe sees
//   vel_air_b = vel_b - (wind_b + vel_b_mps)   and   omega_air_b = omega_b - omega_b_rad_s,
// with p_g = dw_g/dy, q_g = -dw_g/dx, r_g = dv_g/dx (Etkin's gust-gradient rotations); the
// magnitudes and filters are MIL-F-8785C's (its ± sign choice for q_g, r_g is fixed this way).
#pragma once

#include "core/rng.h"
#include "core/types.h"

namespace kestrel {

// Turbulence severity: low altitude W20 = 15/30/45 kt; medium/high altitude the 1e-2/1e-3/1e-5
// probability-of-exceedance curves of MIL-F-8785C Figure 7.
enum class TurbulenceLevel { kNone, kLight, kModerate, kSevere };

// Constant parameters, set by the scenario (level) and the aircraft file (wingspan).
struct TurbulenceParams {
  TurbulenceLevel level = TurbulenceLevel::kNone;  // severity
  double wingspan_m = 10.0;                        // wing span b for the rotary gusts [m], > 0
};

// Dryden intensities and scale lengths at one height (MIL-F-8785C 3.7.2.1-3.7.2.3).
struct DrydenScales {
  double sigma_u_mps = 0, sigma_v_mps = 0, sigma_w_mps = 0;  // RMS gust velocities [m/s]
  double length_u_m = 0, length_v_m = 0, length_w_m = 0;     // scale lengths L_u, L_v, L_w [m]
};

// Intensities and scale lengths at height_agl_m [m]: low-altitude model below 1000 ft (height
// held at >= 10 ft), medium/high-altitude model (L = 1750 ft, sigma from the exceedance table)
// above 2000 ft, linear interpolation of sigma and L in between. kNone gives zero sigmas.
DrydenScales dryden_scales(TurbulenceLevel level, double height_agl_m);

// Discrete filter coefficients for one (height, airspeed, step). Written by step_turbulence();
// plain data, kept in the state so that the transcendental functions run only when the
// conditions move by more than 0.2 %.
struct TurbulenceCoefficients {
  DrydenScales scales;       // sigma, L at the cached height
  double sigma_p_rad_s = 0;  // RMS roll gust p_g [rad/s]
  double a_u = 0, g_u = 0;   // u: x' = a x + g eta (unit-variance AR(1))
  double a_v = 0, h_v = 0, l11_v = 0, l21_v = 0, l22_v = 0;  // v: 2-state exact discretisation
  double a_w = 0, h_w = 0, l11_w = 0, l21_w = 0, l22_w = 0;  // w: 2-state exact discretisation
  double a_p = 0, g_p = 0;                                   // p: unit-variance AR(1)
  double a_q = 0, c_q = 0, k_q = 0;  // q: lag of w_g (first-order hold), k = 1/(V tau_q) [1/m]
  double a_r = 0, c_r = 0, k_r = 0;  // r: lag of v_g (first-order hold), k = 1/(V tau_r) [1/m]
};

// Mutable filter state, plain data. Zero-initialised = "not started": the first step draws the
// filters from their stationary distribution, so there is no start-up transient.
struct TurbulenceState {
  bool started = false;       // filters drawn from the stationary distribution
  double x_u = 0;             // u filter state, unit variance [-]
  double x1_v = 0, x2_v = 0;  // v filter states (normalised) [-]
  double x1_w = 0, x2_w = 0;  // w filter states (normalised) [-]
  double x_p = 0;             // p filter state, unit variance [-]
  double lag_q_mps = 0;       // low-passed w_g feeding q_g [m/s]
  double lag_r_mps = 0;       // low-passed v_g feeding r_g [m/s]
  double w_prev_mps = 0;      // w_g of the previous step [m/s]
  double v_prev_mps = 0;      // v_g of the previous step [m/s]
  bool coef_valid = false;    // coef matches the cached conditions below
  TurbulenceLevel coef_level = TurbulenceLevel::kNone;  // conditions coef was computed for
  double coef_wingspan_m = 0, coef_height_m = 0, coef_airspeed_mps = 0, coef_dt_s = 0;
  TurbulenceCoefficients coef;  // cached coefficients
};

// Output of one step.
struct TurbulenceOutput {
  Vec3 vel_b_mps = Vec3::Zero();      // gust velocity (u_g, v_g, w_g) of the air, body axes [m/s]
  Vec3 omega_b_rad_s = Vec3::Zero();  // rotary gust (p_g, q_g, r_g), body axes [rad/s]
  bool valid = true;  // false: non-finite input or dt <= 0; outputs zero, state kept
};

// Advance the turbulence by dt_s [s] at height_agl_m [m] and true airspeed airspeed_mps [m/s]
// (clamped to >= 1 m/s, so a parked aircraft is safe). Draws 6 normal deviates from `rng` per
// step (plus 6 more on the first step); level kNone writes zeros and draws nothing. No allocation.
void step_turbulence(const TurbulenceParams& params, TurbulenceState& state, double height_agl_m,
                     double airspeed_mps, double dt_s, Rng& rng, TurbulenceOutput& out);

}  // namespace kestrel

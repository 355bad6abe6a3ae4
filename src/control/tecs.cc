// TECS, written from the energy equations (Lambregts 1983; the structure of PX4's TECS, no code
// taken from it). Step by step:
//   1. underspeed detection with hysteresis;
//   2. demand shaping: low-pass, then rate limit (so the limit holds on what the loops see), and
//      the limited rate becomes the feed-forward h_dot / V_dot demand;
//   3. outer loops: h_dot_sp = h_dot_ff + k_h (h_dem - h), V_dot_sp = V_dot_ff + k_V (V_dem - V);
//   4. throttle: feed-forward from STE_dot_sp, PI on the STE rate error, conditional integration;
//   5. pitch: flight-path feed-forward and PI on the SEB rate error, scaled to radians;
//   6. commit the new state only if everything computed is finite.
//
// The airspeeds are TAS, as the inputs are. Stall and the underspeed threshold are really EAS
// quantities; above ~1500 m the TAS threshold should be raised by 1/sqrt(sigma) by the caller.
#include "control/tecs.h"

#include <algorithm>
#include <cmath>

namespace kestrel {
namespace {

constexpr double kG = 9.80665;  // standard gravity [m/s^2]

bool finite(double x) { return std::isfinite(x); }

bool input_finite(const TecsInput& in) {
  return finite(in.height_demand_m) && finite(in.tas_demand_mps) && finite(in.height_m) &&
         finite(in.climb_rate_mps) && finite(in.tas_mps) && finite(in.tas_rate_mps2);
}

bool state_finite(const TecsState& s) {
  return finite(s.throttle_target) && finite(s.pitch_target_rad) && finite(s.height_demand_lp_m) &&
         finite(s.height_demand_m) && finite(s.tas_demand_lp_mps) && finite(s.tas_demand_mps) &&
         finite(s.throttle_integrator) && finite(s.pitch_integrator_rad);
}

bool output_finite(const TecsOutput& o) {
  return finite(o.throttle) && finite(o.pitch_rad) && finite(o.height_demand_m) &&
         finite(o.height_rate_demand_mps) && finite(o.tas_demand_mps) &&
         finite(o.tas_rate_demand_mps2) && finite(o.ste_rate_demand) && finite(o.ste_rate) &&
         finite(o.ste_rate_error) && finite(o.seb_rate_demand) && finite(o.seb_rate) &&
         finite(o.seb_rate_error) && finite(o.throttle_ff) && finite(o.throttle_integrator) &&
         finite(o.pitch_integrator_rad) && finite(o.speed_weight);
}

// First-order low-pass coefficient for a step of dt_s; tau_s = 0 passes the input through.
double lowpass_alpha(double tau_s, double dt_s) { return tau_s > 0 ? dt_s / (tau_s + dt_s) : 1.0; }

}  // namespace

const char* tecs_params_error(const TecsParams& p) {
  const double v[] = {p.max_climb_rate_mps,
                      p.min_sink_rate_mps,
                      p.max_sink_rate_mps,
                      p.height_demand_tau_s,
                      p.tas_demand_tau_s,
                      p.max_accel_mps2,
                      p.tas_min_mps,
                      p.tas_max_mps,
                      p.height_error_gain_per_s,
                      p.tas_error_gain_per_s,
                      p.throttle_min,
                      p.throttle_trim,
                      p.throttle_max,
                      p.throttle_p_kg_per_w,
                      p.throttle_i_kg_per_j,
                      p.speed_weight,
                      p.pitch_ff_gain,
                      p.pitch_p_gain,
                      p.pitch_i_per_s,
                      p.pitch_min_rad,
                      p.pitch_max_rad,
                      p.climbout_pitch_min_rad,
                      p.underspeed_tas_mps,
                      p.underspeed_hysteresis_mps,
                      p.min_tas_for_gains_mps};
  for (double x : v) {
    if (!finite(x)) return "a TECS parameter is not finite";
  }
  if (p.max_climb_rate_mps <= 0 || p.min_sink_rate_mps <= 0 || p.max_sink_rate_mps <= 0) {
    return "max_climb_rate_mps, min_sink_rate_mps and max_sink_rate_mps must be > 0";
  }
  if (p.height_demand_tau_s < 0 || p.tas_demand_tau_s < 0) return "demand taus must be >= 0";
  if (p.max_accel_mps2 <= 0) return "max_accel_mps2 must be > 0";
  if (!(0 < p.tas_min_mps && p.tas_min_mps < p.tas_max_mps)) {
    return "need 0 < tas_min_mps < tas_max_mps";
  }
  if (p.height_error_gain_per_s <= 0 || p.tas_error_gain_per_s <= 0) {
    return "height/tas error gains must be > 0";
  }
  if (!(0 <= p.throttle_min && p.throttle_min < p.throttle_trim &&
        p.throttle_trim < p.throttle_max && p.throttle_max <= 1)) {
    return "need 0 <= throttle_min < throttle_trim < throttle_max <= 1";
  }
  if (p.throttle_p_kg_per_w < 0 || p.throttle_i_kg_per_j < 0 || p.pitch_ff_gain < 0 ||
      p.pitch_p_gain < 0 || p.pitch_i_per_s < 0) {
    return "TECS gains must be >= 0";
  }
  if (p.speed_weight < 0 || p.speed_weight > 2) return "speed_weight must be in 0..2";
  if (!(p.pitch_min_rad < 0 && 0 < p.pitch_max_rad)) return "need pitch_min_rad < 0 < pitch_max";
  if (!(p.pitch_min_rad <= p.climbout_pitch_min_rad &&
        p.climbout_pitch_min_rad < p.pitch_max_rad)) {
    return "climbout_pitch_min_rad must be in [pitch_min_rad, pitch_max_rad)";
  }
  if (p.underspeed_tas_mps <= 0 || p.underspeed_hysteresis_mps < 0) {
    return "underspeed_tas_mps must be > 0 and underspeed_hysteresis_mps >= 0";
  }
  if (p.underspeed_tas_mps + p.underspeed_hysteresis_mps > p.tas_min_mps) {
    return "underspeed_tas_mps + hysteresis must not exceed tas_min_mps (demand would trip it)";
  }
  if (p.min_tas_for_gains_mps <= 0) return "min_tas_for_gains_mps must be > 0";
  return nullptr;
}

void tecs_reset(TecsState& s, const TecsInput& in) {
  if (!finite(in.height_m) || !finite(in.tas_mps)) {
    s.initialised = false;  // nothing to start from; the next good step resets again
    return;
  }
  s.initialised = true;
  s.height_demand_lp_m = s.height_demand_m = in.height_m;
  s.tas_demand_lp_mps = s.tas_demand_mps = in.tas_mps;  // clamped towards the limits by the step
  s.throttle_integrator = 0;
  s.pitch_integrator_rad = 0;
  s.ste_rate_lp = kG * in.climb_rate_mps + in.tas_mps * in.tas_rate_mps2;
  s.underspeed = false;
  s.bumpless_pending = finite(in.throttle_current) && finite(in.pitch_current_rad);
  if (s.bumpless_pending) {
    s.throttle_target = in.throttle_current;
    s.pitch_target_rad = in.pitch_current_rad;
    s.last_output.throttle = in.throttle_current;
    s.last_output.pitch_rad = in.pitch_current_rad;
  }
}

TecsOutput tecs_step(const TecsParams& p, TecsState& s, const TecsInput& in, double dt_s) {
  if (!input_finite(in) || !finite(dt_s) || dt_s <= 0) {
    ++s.bad_input_count;
    TecsOutput out = s.last_output;
    out.input_valid = false;
    return out;
  }
  if (!s.initialised) tecs_reset(s, in);

  TecsState n = s;  // work on a copy, committed at the end only if finite
  TecsOutput out;

  // 1. Underspeed, with hysteresis so that it does not chatter at the threshold.
  const double us_threshold =
      n.underspeed ? p.underspeed_tas_mps + p.underspeed_hysteresis_mps : p.underspeed_tas_mps;
  n.underspeed = in.underspeed_protection && in.tas_mps < us_threshold;
  const bool speed_only = n.underspeed || in.climbout || in.glide;

  // 2. Demand shaping.
  n.height_demand_lp_m +=
      lowpass_alpha(p.height_demand_tau_s, dt_s) * (in.height_demand_m - n.height_demand_lp_m);
  const double dh = std::clamp(n.height_demand_lp_m - n.height_demand_m,
                               -p.max_sink_rate_mps * dt_s, p.max_climb_rate_mps * dt_s);
  n.height_demand_m += dh;
  const double height_rate_ff_mps = dh / dt_s;

  const double tas_cmd_mps = std::clamp(in.tas_demand_mps, p.tas_min_mps, p.tas_max_mps);
  n.tas_demand_lp_mps +=
      lowpass_alpha(p.tas_demand_tau_s, dt_s) * (tas_cmd_mps - n.tas_demand_lp_mps);
  const double dv = std::clamp(n.tas_demand_lp_mps - n.tas_demand_mps, -p.max_accel_mps2 * dt_s,
                               p.max_accel_mps2 * dt_s);
  n.tas_demand_mps += dv;
  const double tas_rate_ff_mps2 = dv / dt_s;

  // 3. Outer loops: the rate demands, limited to what the aircraft can do.
  const double height_rate_sp_mps =
      std::clamp(height_rate_ff_mps + p.height_error_gain_per_s * (n.height_demand_m - in.height_m),
                 -p.max_sink_rate_mps, p.max_climb_rate_mps);
  const double tas_rate_sp_mps2 =
      std::clamp(tas_rate_ff_mps2 + p.tas_error_gain_per_s * (n.tas_demand_mps - in.tas_mps),
                 -p.max_accel_mps2, p.max_accel_mps2);

  // Specific energy rates [W/kg].
  const double v_mps = std::max(in.tas_mps, p.min_tas_for_gains_mps);
  const double spe_rate_sp = kG * height_rate_sp_mps;
  const double ske_rate_sp = v_mps * tas_rate_sp_mps2;
  const double spe_rate = kG * in.climb_rate_mps;
  const double ske_rate = v_mps * in.tas_rate_mps2;

  // 4. Throttle. The STE rate demand is limited to what throttle_min..throttle_max deliver; the
  // feed-forward is linear from the trim towards either end.
  const double ste_rate_max = kG * p.max_climb_rate_mps;
  const double ste_rate_min = -kG * p.min_sink_rate_mps;
  const double ste_rate_raw = spe_rate_sp + ske_rate_sp;
  const double ste_rate_sp = std::clamp(ste_rate_raw, ste_rate_min, ste_rate_max);
  n.ste_rate_lp += lowpass_alpha(p.ste_rate_tau_s, dt_s) * (spe_rate + ske_rate - n.ste_rate_lp);
  const double ste_rate_err = ste_rate_sp - n.ste_rate_lp;
  const double throttle_ff =
      ste_rate_sp >= 0
          ? p.throttle_trim + ste_rate_sp / ste_rate_max * (p.throttle_max - p.throttle_trim)
          : p.throttle_trim + ste_rate_sp / ste_rate_min * (p.throttle_min - p.throttle_trim);
  const double throttle_pd = throttle_ff + p.throttle_p_kg_per_w * ste_rate_err;
  double throttle = 0;
  if (in.glide) {
    throttle = p.throttle_min;  // no thrust to control; the integrator frozen
  } else if (speed_only) {
    throttle = p.throttle_max;  // integrator frozen: it resumes where it was on recovery
  } else if (ste_rate_raw <= ste_rate_min && !n.bumpless_pending) {
    // The energy must fall faster than idle can make it (a descent with speed to lose): idle,
    // and the integrator (trimmed for some other flight) relaxes towards zero over 2 s instead of
    // holding the throttle open while the speed runs away.
    n.throttle_integrator *= std::exp(-dt_s / 2.0);
    throttle = p.throttle_min;
  } else if (n.bumpless_pending) {
    const double target = std::clamp(n.throttle_target, p.throttle_min, p.throttle_max);
    n.throttle_integrator = target - throttle_pd;
    throttle = target;
  } else {
    // Conditional integration: no integration that would push the feed-forward and integral
    // part further into a saturated limit. (Judged without the proportional term: in turbulence
    // the P term saturates the throttle at every updraft-free moment, and gating on it would let
    // the integrator wind only one way: a ratchet that closes the throttle in a climb.)
    const double u = throttle_ff + n.throttle_integrator;
    const bool wind_up =
        (u >= p.throttle_max && ste_rate_err > 0) || (u <= p.throttle_min && ste_rate_err < 0);
    if (!wind_up) n.throttle_integrator += p.throttle_i_kg_per_j * ste_rate_err * dt_s;
    const double span = p.throttle_max - p.throttle_min;
    n.throttle_integrator = std::clamp(n.throttle_integrator, -span, span);
    throttle = std::clamp(throttle_pd + n.throttle_integrator, p.throttle_min, p.throttle_max);
  }

  // 5. Pitch on the energy balance, in radians of flight-path angle. When the engine is at full
  // throttle and still short of the speed demand, the aircraft cannot have both height and speed:
  // the speed weight blends towards 2 (speed first) over 1..4 m/s of deficit, so that the pitch
  // does not hold the nose up on the back side of the power curve while the speed decays (the
  // trap a pure balance loop falls into when the energy runs out).
  const double deficit_mps = n.tas_demand_mps - in.tas_mps;
  const double starved =
      throttle >= p.throttle_max ? std::clamp((deficit_mps - 1.0) / 3.0, 0.0, 1.0) : 0.0;
  const double w = speed_only ? 2.0 : p.speed_weight + starved * (2.0 - p.speed_weight);
  const double w_spe = std::clamp(2.0 - w, 0.0, 1.0);
  const double w_ske = std::clamp(w, 0.0, 1.0);
  const double seb_rate_sp = w_spe * spe_rate_sp - w_ske * ske_rate_sp;
  const double seb_rate = w_spe * spe_rate - w_ske * ske_rate;
  const double seb_rate_err = seb_rate_sp - seb_rate;
  // SEB_dot depends on gamma through both energies: d(SEB_dot)/d(gamma) = (w_spe + w_ske) g V,
  // so dividing by that makes the gains per radian of flight-path angle at any speed weight.
  // The feed-forward is the gamma that gives SEB_dot_sp while the throttle delivers its STE rate
  // (SKE_dot = STE_dot - g V gamma): gamma_ff = (SEB_dot_sp + w_ske STE_dot) / ((w_spe + w_ske) g
  // V). A pure acceleration demand thus leaves the pitch alone and lets the throttle do it.
  const double scale = (w_spe + w_ske) * kG * v_mps;
  const double ste_rate_delivered = in.glide     ? n.ste_rate_lp
                                    : speed_only ? ste_rate_max
                                                 : ste_rate_sp;
  const double gamma_ff_rad = (seb_rate_sp + w_ske * ste_rate_delivered) / scale;
  const double pitch_min = in.climbout ? p.climbout_pitch_min_rad : p.pitch_min_rad;
  const double pitch_pd = p.pitch_ff_gain * gamma_ff_rad + p.pitch_p_gain * seb_rate_err / scale;
  double pitch = 0;
  if (n.bumpless_pending) {
    const double target = std::clamp(n.pitch_target_rad, pitch_min, p.pitch_max_rad);
    n.pitch_integrator_rad = target - pitch_pd;
    pitch = target;
  } else {
    const double u = pitch_pd + n.pitch_integrator_rad;
    const bool wind_up =
        (u >= p.pitch_max_rad && seb_rate_err > 0) || (u <= pitch_min && seb_rate_err < 0);
    if (!wind_up) n.pitch_integrator_rad += p.pitch_i_per_s * seb_rate_err / scale * dt_s;
    const double span = p.pitch_max_rad - p.pitch_min_rad;
    n.pitch_integrator_rad = std::clamp(n.pitch_integrator_rad, -span, span);
    pitch = std::clamp(pitch_pd + n.pitch_integrator_rad, pitch_min, p.pitch_max_rad);
  }
  n.bumpless_pending = false;

  out.throttle = throttle;
  out.pitch_rad = pitch;
  out.height_demand_m = n.height_demand_m;
  out.height_rate_demand_mps = height_rate_sp_mps;
  out.tas_demand_mps = n.tas_demand_mps;
  out.tas_rate_demand_mps2 = tas_rate_sp_mps2;
  out.ste_rate_demand = ste_rate_sp;
  out.ste_rate = spe_rate + ske_rate;
  out.ste_rate_error = ste_rate_err;
  out.seb_rate_demand = seb_rate_sp;
  out.seb_rate = seb_rate;
  out.seb_rate_error = seb_rate_err;
  out.throttle_ff = throttle_ff;
  out.throttle_integrator = n.throttle_integrator;
  out.pitch_integrator_rad = n.pitch_integrator_rad;
  out.speed_weight = w;
  out.underspeed = n.underspeed;
  out.input_valid = true;

  // 6. Commit only finite results (finite inputs can still overflow, e.g. 1e308 heights).
  if (!state_finite(n) || !output_finite(out)) {
    ++s.bad_input_count;
    TecsOutput last = s.last_output;
    last.input_valid = false;
    return last;
  }
  n.last_output = out;
  s = n;
  return out;
}

}  // namespace kestrel

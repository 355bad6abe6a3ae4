// Total Energy Control System: the longitudinal outer loop. The throttle controls the rate of the
// total specific energy (potential + kinetic, per unit mass), the pitch controls the energy balance
// (potential minus kinetic, weighted by the speed weight). A pure algorithm in the style of PX4's
// src/lib/tecs: constant TecsParams, mutable TecsState, one tecs_step(); no allocation, no virtual
// calls; it includes only core/param.h (its parameter table). Flight software: it sees only the
// TecsInput.
//
// Energies are specific (per unit mass): SPE = g h, SKE = V^2 / 2, so their rates are in
// [m^2/s^3] = [W/kg]: SPE_dot = g h_dot, SKE_dot = V V_dot. SEB (balance) = w_p SPE - w_k SKE with
// w_p = clamp(2 - speed_weight, 0, 1), w_k = clamp(speed_weight, 0, 1). Heights and speeds are
// true (TAS); the pitch demand is the Euler pitch angle, nose up +.
#pragma once

#include "core/param.h"

namespace kestrel {

struct TecsParams {
  // Demand shaping.
  double max_climb_rate_mps = 3.0;   // [m/s] 0.5..10: climb at throttle_max (limits the demand)
  double min_sink_rate_mps = 2.0;    // [m/s] 0.5..10: sink at throttle_min, speed held
  double max_sink_rate_mps = 5.0;    // [m/s] 0.5..15: most sink demanded (pitch does the rest)
  double height_demand_tau_s = 1.0;  // [s] 0..10: low-pass of the height demand (before rate limit)
  double tas_demand_tau_s = 1.0;     // [s] 0..10: low-pass of the airspeed demand (before limit)
  double max_accel_mps2 = 1.0;       // [m/s^2] 0.1..5: airspeed demand rate limit, both ways
  double tas_min_mps = 35.0;         // [m/s] 30..54: airspeed demand floor (TAS)
  double tas_max_mps = 52.0;         // [m/s] 35..60: airspeed demand ceiling (TAS)
  // Outer loops: energy errors become rate demands.
  double height_error_gain_per_s = 0.2;  // [1/s] 0.05..1: h_dot demand per m of height error
  double tas_error_gain_per_s = 0.2;     // [1/s] 0.05..1: V_dot demand per m/s of speed error
  // Throttle: feed-forward from the total energy rate demand plus PI on its error.
  double throttle_min = 0.0;            // [-] 0..1: throttle for min sink (idle)
  double throttle_trim = 0.5;           // [-] 0..1: throttle for level flight at cruise (40 m/s)
  double throttle_max = 1.0;            // [-] 0..1: throttle for max climb
  double throttle_p_kg_per_w = 0.005;   // [1/(W/kg)] 0..0.05: throttle per STE rate error
  double throttle_i_kg_per_j = 0.0015;  // [1/(J/kg)] 0..0.02: throttle integral per STE error
  double ste_rate_tau_s = 2.0;  // [s] 0..10: low-pass of the measured STE rate in the throttle loop
                                // (turbulence moves the aircraft; the engine must not chase it)
  // Pitch: flight-path-angle feed-forward plus PI on the balance rate error, which is divided by
  // (w_p + w_k) g V so that the gains are per radian of flight-path angle.
  double speed_weight = 1.0;              // [-] 0..2: 0 pitch holds height only, 2 speed only
  double pitch_ff_gain = 1.0;             // [rad/rad] 0..1.5: pitch per flight-path angle demand
  double pitch_p_gain = 0.3;              // [rad/rad] 0..2: pitch per flight-path angle error
  double pitch_i_per_s = 0.15;            // [1/s] 0..1: pitch integral per flight-path angle error
  double pitch_min_rad = -0.26;           // [rad] -0.6..0: pitch demand floor (-15 deg)
  double pitch_max_rad = 0.26;            // [rad] 0..0.6: pitch demand ceiling (+15 deg)
  double climbout_pitch_min_rad = 0.087;  // [rad] 0..0.4: pitch floor in climb-out (5 deg)
  // Underspeed protection (TAS; see tecs.cc about EAS).
  double underspeed_tas_mps = 33.0;        // [m/s] 28..40: engage below this (~1.2 stall)
  double underspeed_hysteresis_mps = 1.0;  // [m/s] 0..5: recover above threshold + this
  double min_tas_for_gains_mps = 10.0;     // [m/s] 1..30: V floor in the 1/(g V) scaling
};

// The parameters by name (core/param.h), with units, ranges and meanings.
inline const std::array<ParamDecl<TecsParams>, 26> kTecsParams = {{
    {{"TECS_CLMB_MAX", "m/s", 0.5, 10.0, "Climb rate at full throttle (limits the demand)"},
     &TecsParams::max_climb_rate_mps},
    {{"TECS_SINK_MIN", "m/s", 0.5, 10.0, "Sink rate at idle throttle, speed held"},
     &TecsParams::min_sink_rate_mps},
    {{"TECS_SINK_MAX", "m/s", 0.5, 15.0, "Largest sink rate demanded"},
     &TecsParams::max_sink_rate_mps},
    {{"TECS_HGT_TAU", "s", 0.0, 10.0, "Low-pass time constant of the height demand"},
     &TecsParams::height_demand_tau_s},
    {{"TECS_SPD_TAU", "s", 0.0, 10.0, "Low-pass time constant of the airspeed demand"},
     &TecsParams::tas_demand_tau_s},
    {{"TECS_ACC_MAX", "m/s/s", 0.1, 5.0, "Airspeed demand rate limit"},
     &TecsParams::max_accel_mps2},
    {{"TECS_SPD_MIN", "m/s", 30.0, 54.0, "Airspeed demand floor (true airspeed)"},
     &TecsParams::tas_min_mps},
    {{"TECS_SPD_MAX", "m/s", 35.0, 60.0, "Airspeed demand ceiling (true airspeed)"},
     &TecsParams::tas_max_mps},
    {{"TECS_HGT_GAIN", "1/s", 0.05, 1.0, "Climb-rate demand per metre of height error"},
     &TecsParams::height_error_gain_per_s},
    {{"TECS_SPD_GAIN", "1/s", 0.05, 1.0, "Acceleration demand per m/s of airspeed error"},
     &TecsParams::tas_error_gain_per_s},
    {{"TECS_THR_MIN", "-", 0.0, 1.0, "Throttle for the minimum sink (idle)"},
     &TecsParams::throttle_min},
    {{"TECS_THR_TRIM", "-", 0.0, 1.0, "Throttle for level flight at cruise"},
     &TecsParams::throttle_trim},
    {{"TECS_THR_MAX", "-", 0.0, 1.0, "Throttle for the maximum climb"}, &TecsParams::throttle_max},
    {{"TECS_THR_P", "1/(W/kg)", 0.0, 0.05, "Throttle per specific total energy rate error"},
     &TecsParams::throttle_p_kg_per_w},
    {{"TECS_THR_I", "1/(J/kg)", 0.0, 0.02, "Throttle per integrated specific total energy error"},
     &TecsParams::throttle_i_kg_per_j},
    {{"TECS_STE_TAU", "s", 0.0, 10.0, "Low-pass of the measured total energy rate (throttle)"},
     &TecsParams::ste_rate_tau_s},
    {{"TECS_SPDWEIGHT", "-", 0.0, 2.0, "0: pitch holds height only, 2: airspeed only"},
     &TecsParams::speed_weight},
    {{"TECS_PTCH_FF", "rad/rad", 0.0, 1.5, "Pitch per flight-path angle demand"},
     &TecsParams::pitch_ff_gain},
    {{"TECS_PTCH_P", "rad/rad", 0.0, 2.0, "Pitch per flight-path angle error"},
     &TecsParams::pitch_p_gain},
    {{"TECS_PTCH_I", "1/s", 0.0, 1.0, "Pitch integral per flight-path angle error"},
     &TecsParams::pitch_i_per_s},
    {{"TECS_PTCH_MIN", "rad", -0.6, 0.0, "Pitch demand floor"}, &TecsParams::pitch_min_rad},
    {{"TECS_PTCH_MAX", "rad", 0.0, 0.6, "Pitch demand ceiling"}, &TecsParams::pitch_max_rad},
    {{"TECS_CLMB_PMIN", "rad", 0.0, 0.4, "Pitch floor in climb-out"},
     &TecsParams::climbout_pitch_min_rad},
    {{"TECS_USPD", "m/s", 28.0, 40.0, "Underspeed protection engages below this true airspeed"},
     &TecsParams::underspeed_tas_mps},
    {{"TECS_USPD_HYST", "m/s", 0.0, 5.0, "Underspeed protection releases this far above"},
     &TecsParams::underspeed_hysteresis_mps},
    {{"TECS_SPD_GMIN", "m/s", 1.0, 30.0, "Airspeed floor in the gain scaling"},
     &TecsParams::min_tas_for_gains_mps},
}};

struct TecsInput {
  double height_demand_m = 0;         // [m] height to fly (same datum as height_m)
  double tas_demand_mps = 0;          // [m/s] true airspeed to fly (clamped to the tas limits)
  double height_m = 0;                // [m] estimated height, up +
  double climb_rate_mps = 0;          // [m/s] estimated height rate, up +
  double tas_mps = 0;                 // [m/s] estimated true airspeed
  double tas_rate_mps2 = 0;           // [m/s^2] airspeed derivative (accel along the flight path)
  bool underspeed_protection = true;  // allow the underspeed protection to engage
  bool climbout = false;  // climb-out: throttle max, pitch holds speed, pitch floor raised
  // Glide (no thrust: the engine has failed): pitch holds the speed alone (speed weight 2), the
  // throttle stays at its minimum and its integrator frozen; the energy the pitch trades with is
  // what the glide is losing (the measured total energy rate), not a throttle's.
  bool glide = false;
  // Used by tecs_reset only: the throttle [0..1] and pitch demand [rad] now being applied, so
  // that the first output after engagement equals them.
  double throttle_current = 0;
  double pitch_current_rad = 0;
};

struct TecsOutput {
  double throttle = 0;   // [-] throttle_min..throttle_max
  double pitch_rad = 0;  // [rad] pitch demand, nose up +, pitch_min..pitch_max
  // Internals for logging (tecs_status-like).
  double height_demand_m = 0;         // [m] shaped height demand
  double height_rate_demand_mps = 0;  // [m/s] h_dot demand (feed-forward + height error)
  double tas_demand_mps = 0;          // [m/s] shaped airspeed demand
  double tas_rate_demand_mps2 = 0;    // [m/s^2] V_dot demand (feed-forward + speed error)
  double ste_rate_demand = 0;         // [W/kg] total energy rate demand (clamped)
  double ste_rate = 0;                // [W/kg] total energy rate estimate
  double ste_rate_error = 0;          // [W/kg] demand - estimate
  double seb_rate_demand = 0;         // [W/kg] energy balance rate demand
  double seb_rate = 0;                // [W/kg] energy balance rate estimate
  double seb_rate_error = 0;          // [W/kg] demand - estimate
  double throttle_ff = 0;             // [-] feed-forward part of the throttle
  double throttle_integrator = 0;     // [-] integral part of the throttle
  double pitch_integrator_rad = 0;    // [rad] integral part of the pitch
  double speed_weight = 0;            // [-] weight in use (2 in underspeed and climb-out)
  bool underspeed = false;            // underspeed protection engaged
  bool input_valid = true;            // false: non-finite input, this is the last good output
};

struct TecsState {
  bool initialised = false;         // false: the next step calls tecs_reset with its input
  bool bumpless_pending = false;    // set by tecs_reset: next step fits the integrators
  double throttle_target = 0;       // [-] output the next step must give (bumpless)
  double pitch_target_rad = 0;      // [rad] output the next step must give (bumpless)
  double height_demand_lp_m = 0;    // [m] low-passed height demand
  double height_demand_m = 0;       // [m] low-passed then rate-limited height demand
  double tas_demand_lp_mps = 0;     // [m/s] low-passed airspeed demand
  double tas_demand_mps = 0;        // [m/s] low-passed then rate-limited airspeed demand
  double throttle_integrator = 0;   // [-]
  double ste_rate_lp = 0;           // [W/kg] low-passed measured STE rate (throttle loop)
  double pitch_integrator_rad = 0;  // [rad]
  bool underspeed = false;          // underspeed protection engaged (with hysteresis)
  int bad_input_count = 0;          // steps rejected for non-finite input or dt
  TecsOutput last_output;           // last good output, returned on a bad input
};

// Null when the parameters are usable, else a static string saying which one is wrong. Call once
// when the parameters are loaded; tecs_step assumes they passed.
const char* tecs_params_error(const TecsParams& p);

// Bumpless engagement: demands start at the measured height and airspeed, and the next tecs_step
// fits the integrators so that its output equals in.throttle_current and in.pitch_current_rad
// (clamped to the limits; throttle_max if underspeed or climb-out forces it).
void tecs_reset(TecsState& s, const TecsInput& in);

// One control step of dt_s [s] (50 Hz typical). A non-finite input or dt_s <= 0 returns the last
// good output with input_valid = false and leaves the state untouched except bad_input_count.
TecsOutput tecs_step(const TecsParams& p, TecsState& s, const TecsInput& in, double dt_s);

}  // namespace kestrel

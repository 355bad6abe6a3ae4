// Attitude and rate loops: bank and pitch demands to aileron, elevator and rudder, the inner part
// of the autopilot (ArduPlane's AP_RollController / AP_PitchController and PX4's fw_att_control
// are the models; the equations are written here from scratch). Each axis: the attitude error
// over a time constant gives a body-rate demand (limited); a rate loop turns the rate error into
// a surface deflection with a feed-forward, a proportional and an integral term. Surface
// effectiveness grows with dynamic pressure, so the rate-loop gains scale with
// (reference airspeed / airspeed), clamped; turn coordination adds the body rates a level turn
// needs, and a washed-out yaw-rate damper drives the rudder. Flight software: it sees only the
// estimate.
#pragma once

#include "core/param.h"
#include "core/types.h"

namespace kestrel {

struct AttitudeControlParams {
  // Roll.
  double roll_time_constant_s = 0.4;  // bank error -> roll-rate demand [s], [0.2, 2]
  double roll_rate_max_rad_s = 0.8;   // roll-rate demand limit [rad/s], [0.1, 2]
  double roll_rate_ff = 0.25;         // aileron per roll-rate demand [rad/(rad/s)], [0, 2]
  double roll_rate_p = 0.12;          // aileron per roll-rate error [rad/(rad/s)], [0, 2]
  double roll_rate_i = 0.40;          // aileron per integrated rate error [rad/rad], [0, 2]
  double bank_max_rad = 0.61;         // bank demand limit [rad] (35 deg), [0.1, 1.2]
  // Pitch.
  double pitch_time_constant_s = 0.3;  // pitch error -> pitch-rate demand [s], [0.2, 2]
  double pitch_rate_max_rad_s = 0.5;   // pitch-rate demand limit [rad/s], [0.1, 2]
  double pitch_rate_ff = 0.30;         // elevator per pitch-rate demand [rad/(rad/s)], [0, 2]
  double pitch_rate_p = 0.20;          // elevator per pitch-rate error [rad/(rad/s)], [0, 2]
  double pitch_rate_i = 0.15;          // elevator per integrated rate error [rad/rad], [0, 2]
  double pitch_max_rad = 0.35;         // pitch demand limits [rad] (+-20 deg)
  double pitch_min_rad = -0.35;
  // Yaw.
  double yaw_damper_gain = 0.4;  // rudder per washed-out yaw-rate error [rad/(rad/s)]
  double yaw_washout_s = 2.0;    // washout time constant of the damper [s], [0.5, 10]
  // Scaling, limits.
  double reference_airspeed_mps = 40;           // airspeed at which the gains above apply [m/s]
  double min_scaling = 0.5, max_scaling = 2.0;  // clamp of reference / airspeed [-]
  double integrator_max_rad = 0.12;             // each integrator's share of its surface [rad]
  double surface_max_rad = 0.35;                // deflection limit of the three surfaces [rad]
  double gravity_mps2 = 9.80665;                // for turn coordination
};

// The parameters by name (core/param.h), with units, ranges and meanings.
inline const std::array<ParamDecl<AttitudeControlParams>, 20> kAttitudeControlParams = {{
    {{"ATT_ROLL_TC", "s", 0.2, 2.0, "Bank error to roll-rate demand time constant"},
     &AttitudeControlParams::roll_time_constant_s},
    {{"ATT_ROLL_RMAX", "rad/s", 0.1, 2.0, "Roll-rate demand limit"},
     &AttitudeControlParams::roll_rate_max_rad_s},
    {{"ATT_ROLL_FF", "rad/(rad/s)", 0.0, 2.0, "Aileron per roll-rate demand (feed-forward)"},
     &AttitudeControlParams::roll_rate_ff},
    {{"ATT_ROLL_P", "rad/(rad/s)", 0.0, 2.0, "Aileron per roll-rate error"},
     &AttitudeControlParams::roll_rate_p},
    {{"ATT_ROLL_I", "rad/rad", 0.0, 2.0, "Aileron per integrated roll-rate error"},
     &AttitudeControlParams::roll_rate_i},
    {{"ATT_BANK_MAX", "rad", 0.1, 1.2, "Bank demand limit"}, &AttitudeControlParams::bank_max_rad},
    {{"ATT_PTCH_TC", "s", 0.2, 2.0, "Pitch error to pitch-rate demand time constant"},
     &AttitudeControlParams::pitch_time_constant_s},
    {{"ATT_PTCH_RMAX", "rad/s", 0.1, 2.0, "Pitch-rate demand limit"},
     &AttitudeControlParams::pitch_rate_max_rad_s},
    {{"ATT_PTCH_FF", "rad/(rad/s)", 0.0, 2.0, "Elevator per pitch-rate demand (feed-forward)"},
     &AttitudeControlParams::pitch_rate_ff},
    {{"ATT_PTCH_P", "rad/(rad/s)", 0.0, 2.0, "Elevator per pitch-rate error"},
     &AttitudeControlParams::pitch_rate_p},
    {{"ATT_PTCH_I", "rad/rad", 0.0, 2.0, "Elevator per integrated pitch-rate error"},
     &AttitudeControlParams::pitch_rate_i},
    {{"ATT_PTCH_MAX", "rad", 0.0, 0.8, "Pitch demand upper limit"},
     &AttitudeControlParams::pitch_max_rad},
    {{"ATT_PTCH_MIN", "rad", -0.8, 0.0, "Pitch demand lower limit"},
     &AttitudeControlParams::pitch_min_rad},
    {{"ATT_YAW_DAMP", "rad/(rad/s)", 0.0, 2.0, "Rudder per washed-out yaw-rate error"},
     &AttitudeControlParams::yaw_damper_gain},
    {{"ATT_YAW_WASH", "s", 0.5, 10.0, "Yaw damper washout time constant"},
     &AttitudeControlParams::yaw_washout_s},
    {{"ATT_SPD_REF", "m/s", 15.0, 80.0, "Airspeed at which the rate gains apply"},
     &AttitudeControlParams::reference_airspeed_mps},
    {{"ATT_SCL_MIN", "-", 0.1, 1.0, "Lower clamp of the airspeed scaling"},
     &AttitudeControlParams::min_scaling},
    {{"ATT_SCL_MAX", "-", 1.0, 5.0, "Upper clamp of the airspeed scaling"},
     &AttitudeControlParams::max_scaling},
    {{"ATT_I_MAX", "rad", 0.0, 0.35, "Integrator authority per surface"},
     &AttitudeControlParams::integrator_max_rad},
    {{"ATT_SURF_MAX", "rad", 0.05, 0.6, "Deflection limit of aileron, elevator and rudder"},
     &AttitudeControlParams::surface_max_rad},
}};

struct AttitudeControlInput {
  double roll_demand_rad = 0, pitch_demand_rad = 0;
  double roll_rad = 0, pitch_rad = 0;  // estimated attitude
  Vec3 omega_b_rad_s = Vec3::Zero();   // estimated body rates p, q, r
  double tas_mps = 40;                 // estimated true airspeed
};

struct AttitudeControlState {
  double roll_integrator_rad = 0, pitch_integrator_rad = 0;
  double yaw_washout_rad_s = 0;  // low-passed yaw-rate error (the washout's memory)
  bool initialised = false;
};

struct AttitudeControlOutput {
  double aileron_rad = 0, elevator_rad = 0, rudder_rad = 0;  // ControlInputs signs
  // Internals for the log.
  double roll_rate_demand_rad_s = 0, pitch_rate_demand_rad_s = 0, yaw_rate_demand_rad_s = 0;
  double scaling = 1;
  bool valid = true;  // false: a non-finite input; surfaces held at zero
};

// One step at dt_s. Demands beyond the bank and pitch limits are clamped; outputs within the
// surface limit; integrators stop growing while a surface is saturated in their direction.
AttitudeControlOutput attitude_control_step(const AttitudeControlParams& p, AttitudeControlState& s,
                                            const AttitudeControlInput& in, double dt_s);

// Bumpless engagement: integrators set so that, with the current estimate and demands equal to
// the current attitude, the first outputs equal the given surface positions.
void attitude_control_reset(const AttitudeControlParams& p, AttitudeControlState& s,
                            const AttitudeControlInput& in, double aileron_rad,
                            double elevator_rad);

}  // namespace kestrel

// The flight log's topics: one packed struct per ULog message format, written by the recorder
// (recorder.h) at the log rate, one multi-instance (multi_id) per aircraft in the scenario. Every
// field says its unit and frame; angles in rad, positions geodetic WGS-84. The field lists in
// recorder.cc must match these structs field for field.
#pragma once

#include <cstdint>

namespace kestrel::topics {

#pragma pack(push, 1)

// Truth state of the air vehicle (what the simulator knows, not what the aircraft measures).
struct VehicleTruth {
  uint64_t timestamp;                  // sim time [us]
  double lat_deg, lon_deg;             // CG, geodetic
  double alt_m;                        // CG height above the ellipsoid (= AMSL, no geoid yet) [m]
  float alt_agl_m;                     // above the ground [m]
  float vn_mps, ve_mps, vd_mps;        // velocity relative to the earth, NED [m/s]
  float roll_rad, pitch_rad, yaw_rad;  // 3-2-1 Euler angles from local NED
  float p_rad_s, q_rad_s, r_rad_s;     // body rates relative to the earth
  float alpha_rad, beta_rad;
  float tas_mps, eas_mps, mach;
  float ax_mps2, ay_mps2, az_mps2;  // specific force at the CG, body axes
  float mass_kg, cg_x_m;            // mass, CG x in the structural frame
};

struct Engine {
  uint64_t timestamp;
  float rpm;       // engine [1/min]
  float throttle;  // throttle position 0..1
  float shaft_power_w;
  float thrust_n;  // propeller thrust (negative: drag)
  float fuel_flow_kg_h;
  float fuel_kg;    // fuel on board
  uint8_t running;  // 1: combustion on
  uint8_t failed;   // 1: failed
};

struct Gear {
  uint64_t timestamp;
  float normal_force_n[8];  // the first eight contact points in the aircraft file's order
  float compression_m[8];
  uint8_t wheels_on_ground;
  uint8_t structure_contact;  // 1: a non-wheel point touches the ground
};

struct Environment {
  uint64_t timestamp;
  float wind_n_mps, wind_e_mps, wind_d_mps;        // steady wind + gusts (air mass velocity), NED
  float turb_u_mps, turb_v_mps, turb_w_mps;        // Dryden gust velocity, body axes
  float turb_p_rad_s, turb_q_rad_s, turb_r_rad_s;  // Dryden rotational gusts
  float temperature_k, pressure_pa, density_kg_m3;
  float qbar_pa;  // dynamic pressure at the aircraft
};

struct Actuators {
  uint64_t timestamp;
  float elevator_rad, aileron_rad, rudder_rad, flap_rad;  // positions (signs: docs/frames.md)
  float throttle, brake_left, brake_right;                // 0..1
  float nosewheel_rad;
};

// One row per event as it fires (also written as a ULog logging string).
struct Event {
  uint64_t timestamp;
  uint8_t kind;   // 0 scenario event, 1 crash, 2 landed, 3 took off, 4 engine stopped, 5 engine
                  // started, 6 stop, 7 mission announcement, 8 failsafe announcement
  char text[63];  // NUL-padded
};

// ---- Avionics: what the sensors delivered and what the navigation filter made of it ----------

// The latest IMU sample (the IMU runs at its own rate; the log samples it at the log rate).
struct SensorImu {
  uint64_t timestamp;
  float gyro_x_rad_s, gyro_y_rad_s, gyro_z_rad_s;  // body FRD
  float accel_x_mps2, accel_y_mps2, accel_z_mps2;  // specific force, body FRD
  uint8_t saturated;                               // bit 0 gyro, bit 1 accel
};

// Every GNSS solution as the flight software received it.
struct SensorGnss {
  uint64_t timestamp;
  double lat_deg, lon_deg;
  double alt_m;  // ellipsoidal height [m]
  float vn_mps, ve_mps, vd_mps;
  float hdop, vdop, h_acc_m, v_acc_m, s_acc_mps;
  uint8_t fix;  // 0 none, 2 2-D, 3 3-D
  uint8_t satellites;
};

// The latest barometer, pitot-static and magnetometer samples (at the slow log rate).
struct SensorAir {
  uint64_t timestamp;
  float baro_pressure_pa;
  float diff_pressure_pa;                       // pitot total minus static
  float oat_k;                                  // outside air temperature probe
  float mag_x_gauss, mag_y_gauss, mag_z_gauss;  // body FRD
};

// The navigation estimate (the flight software's NavState) and its 1-sigma uncertainties.
struct NavEstimate {
  uint64_t timestamp;
  double lat_deg, lon_deg;
  double alt_m;  // ellipsoidal height [m]
  float vn_mps, ve_mps, vd_mps;
  float roll_rad, pitch_rad, yaw_rad;
  float wind_n_mps, wind_e_mps;
  float tas_mps;        // true airspeed from the pitot and baro
  float baro_offset_m;  // estimated baro altitude minus GNSS height
  float att_sd_rad[3];  // attitude error (NED rotation vector), 1 sigma
  float vel_sd_mps[3];
  float pos_sd_m[3];  // N, E, D
  float wind_sd_mps[2];
  float gyro_bias_rad_s[3];
  float accel_bias_mps2[3];
  uint32_t status;  // NavStatus bits (nav/nav_filter.h)
};

// The filter's innovations (measurement minus prediction), their variances and gate test ratios.
struct NavInnovation {
  uint64_t timestamp;
  float gnss_pos_m[3], gnss_pos_var_m2[3];
  float gnss_vel_mps[3], gnss_vel_var_m2s2[3];
  float baro_m, baro_var_m2;
  float airspeed_mps, airspeed_var_m2s2;
  float beta_rad, beta_var_rad2;
  float mag_gauss[3], mag_var_gauss2[3];
  float test_ratio_gnss_pos, test_ratio_gnss_vel, test_ratio_baro, test_ratio_airspeed,
      test_ratio_beta, test_ratio_mag;
  uint32_t rejected_gnss_pos, rejected_gnss_vel, invalid_samples;
};

// The estimate's errors against truth, computed by the runner (the filter never sees these).
struct NavError {
  uint64_t timestamp;
  float pos_n_m, pos_e_m, pos_d_m;  // true minus estimated
  float vel_n_mps, vel_e_mps, vel_d_mps;
  float att_x_rad, att_y_rad, att_z_rad;  // R_true = Exp(att) R_est, NED rotation vector
  float roll_rad, pitch_rad, heading_rad;
  float wind_mps;  // horizontal wind error magnitude
  float nees;      // over attitude, velocity, position (9 dof)
};

// ---- Autopilot: what the flight software commanded and why (at the log rate) ------------------

// Mode, phase and mission progress (fsw/autopilot.h).
struct AutopilotStatus {
  uint64_t timestamp;
  uint8_t mode;                    // FlightMode number (docs/autopilot.md)
  uint8_t phase;                   // FlightPhase number
  int16_t mission_index;           // AUTO: index of the mission command being flown (-1: none)
  int16_t mission_seq;             // the item being flown, as the ground station numbers it (0: not
                                   // started, N + 1: complete)
  uint16_t mission_items_done;     // navigation items completed (repeats count)
  float mission_distance_to_go_m;  // progress of the item (-1: does not apply)
  float mission_turns_done;
  float mission_time_left_s;
  uint8_t go_arounds;
  uint8_t path;           // 0 none, 1 straight, 2 circle
  uint8_t path_captured;  // 1: on the path (the capture transient is over)
  uint8_t rangefinder_valid;
  float rangefinder_m;  // the rangefinder's reading
  // The staged failsafes (fsw/failsafe.h; docs/failsafes.md).
  uint8_t failsafe_action;  // FailsafeAction number: the governing action (0 none)
  uint8_t failsafe_link;    // LinkStage: 0 ok, 1 short, 2 long (lost-link procedure), 3 regained
  uint8_t failsafe_fuel;    // FuelStage: 0 ok, 1 bingo, 2 minimum
  uint8_t failsafe_gnss;    // GnssStage: 0 ok, 1 lost, 2 returning
  uint8_t engine_failed, airspeed_failed, fence_breached;  // 1: that failsafe is active
};

// Demands and commands: attitude, rates, height and airspeed, and the actuator commands.
struct Setpoints {
  uint64_t timestamp;
  float roll_rad, pitch_rad;                                // slewed attitude demands
  float roll_rate_rad_s, pitch_rate_rad_s, yaw_rate_rad_s;  // rate demands of the attitude loops
  float height_m;                                           // height demand (ellipsoidal), unshaped
  float tas_mps;                                            // true airspeed demand (shaped)
  float elevator_rad, aileron_rad, rudder_rad, throttle, brake, nosewheel_rad;  // commands
};

// Total energy control internals (like PX4's tecs_status).
struct TecsStatus {
  uint64_t timestamp;
  float height_demand_m, height_rate_demand_mps;  // shaped height demand, climb-rate demand
  float tas_demand_mps, tas_rate_demand_mps2;
  float ste_rate_demand, ste_rate, seb_rate_demand, seb_rate;  // [W/kg]
  float throttle_ff, throttle_integrator, pitch_integrator_rad, speed_weight;
  float throttle, pitch_rad;  // TECS outputs (throttle as a power fraction)
  uint8_t underspeed;
  uint8_t active;  // 0: TECS not in use this step (the other fields are the last values)
};

// Lateral guidance internals (path_guidance.h).
struct Guidance {
  uint64_t timestamp;
  float cross_track_m, along_track_to_go_m, track_error_bound_m;
  float bearing_rad, bearing_error_rad, course_error_rad, heading_error_rad;
  float lateral_accel_mps2, bank_cmd_rad, into_wind_weight;
  uint8_t wind_exceeds_airspeed;
  uint8_t active;
};

#pragma pack(pop)

}  // namespace kestrel::topics

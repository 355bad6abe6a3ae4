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
  uint64_t timestamp;        // sim time [us]
  double lat_deg, lon_deg;   // CG, geodetic
  double alt_m;              // CG height above the ellipsoid (= AMSL, no geoid yet) [m]
  float alt_agl_m;           // above the ground [m]
  float vn_mps, ve_mps, vd_mps;  // velocity relative to the earth, NED [m/s]
  float roll_rad, pitch_rad, yaw_rad;  // 3-2-1 Euler angles from local NED
  float p_rad_s, q_rad_s, r_rad_s;     // body rates relative to the earth
  float alpha_rad, beta_rad;
  float tas_mps, eas_mps, mach;
  float ax_mps2, ay_mps2, az_mps2;     // specific force at the CG, body axes
  float mass_kg, cg_x_m;               // mass, CG x in the structural frame
};

struct Engine {
  uint64_t timestamp;
  float rpm;                 // engine [1/min]
  float throttle;            // throttle position 0..1
  float shaft_power_w;
  float thrust_n;            // propeller thrust (negative: drag)
  float fuel_flow_kg_h;
  float fuel_kg;             // fuel on board
  uint8_t running;           // 1: combustion on
  uint8_t failed;            // 1: failed
};

struct Gear {
  uint64_t timestamp;
  float normal_force_n[8];   // the first eight contact points in the aircraft file's order
  float compression_m[8];
  uint8_t wheels_on_ground;
  uint8_t structure_contact; // 1: a non-wheel point touches the ground
};

struct Environment {
  uint64_t timestamp;
  float wind_n_mps, wind_e_mps, wind_d_mps;       // steady wind + gusts (air mass velocity), NED
  float turb_u_mps, turb_v_mps, turb_w_mps;       // Dryden gust velocity, body axes
  float turb_p_rad_s, turb_q_rad_s, turb_r_rad_s; // Dryden rotational gusts
  float temperature_k, pressure_pa, density_kg_m3;
  float qbar_pa;                                  // dynamic pressure at the aircraft
};

struct Actuators {
  uint64_t timestamp;
  float elevator_rad, aileron_rad, rudder_rad, flap_rad;  // positions (signs: docs/frames.md)
  float throttle, brake_left, brake_right;               // 0..1
  float nosewheel_rad;
};

// One row per event as it fires (also written as a ULog logging string).
struct Event {
  uint64_t timestamp;
  uint8_t kind;              // 0 scenario event, 1 crash, 2 landed, 3 took off, 4 engine stopped, 5 engine started, 6 stop
  char text[63];             // NUL-padded
};

#pragma pack(pop)

}  // namespace kestrel::topics

// What the sensors deliver to the flight software: the only way the flight software learns about
// the aircraft's motion (design.md §2). Plain data, one struct per sensor, each with the time the
// flight software receives it. Written by src/sensors (in the simulator) and read by src/nav; a
// real aircraft's drivers would fill the same structs.
#pragma once

#include <cstdint>

#include "core/sim_time.h"
#include "core/types.h"

namespace kestrel {

// One IMU sample: mean angular rate and specific force over the sample period, sensor axes
// aligned (nominally) with body FRD.
struct ImuSample {
  SimTime time;                    // end of the sample period
  double dt_s = 0;                 // sample period [s]
  Vec3 gyro_rad_s = Vec3::Zero();  // angular rate, body FRD [rad/s]
  Vec3 accel_mps2 = Vec3::Zero();  // specific force, body FRD [m/s^2] (reads -g at rest, level)
  bool gyro_saturated = false, accel_saturated = false;  // a channel hit its range this sample
};

enum class GnssFix : uint8_t { kNone = 0, k2D = 2, k3D = 3 };

// One GNSS navigation solution, as a receiver reports it (position of the antenna). The receiver
// does not know its latency; `time` is when the solution reaches the flight software.
struct GnssSample {
  SimTime time;
  GnssFix fix = GnssFix::kNone;
  int satellites = 0;
  double lat_rad = 0, lon_rad = 0;  // WGS-84
  double height_ellipsoid_m = 0;    // WGS-84 ellipsoidal height
  Vec3 vel_ned_mps = Vec3::Zero();  // velocity over the ground, local NED
  double hdop = 99, vdop = 99;
  double h_acc_m = 99, v_acc_m = 99;  // the receiver's own 1-sigma accuracy estimates
  double s_acc_mps = 99;              // speed accuracy estimate, 1 sigma
};

// Static pressure from the barometer (temperature is the sensor's own, not outside air).
struct BaroSample {
  SimTime time;
  double pressure_pa = 0;
};

// Pitot-static probe: differential (impact) pressure, and outside air temperature.
struct AirspeedSample {
  SimTime time;
  double diff_pressure_pa = 0;    // total minus static pressure [Pa]
  double temperature_k = 288.15;  // outside air temperature probe [K]
};

// Three-axis magnetometer, body FRD.
struct MagSample {
  SimTime time;
  Vec3 field_b_gauss = Vec3::Zero();  // magnetic flux density [gauss] (1 G = 1e-4 T = 1e5 nT)
};

// Downward laser rangefinder (ArduPilot's RNGFND for landing): the slant distance from the sensor
// to the ground along the body's down axis. No return beyond its range or over a steep bank.
struct RangefinderSample {
  SimTime time;
  double range_m = 0;
  bool valid = false;  // false: no return (out of range)
};

// Engine tachometer and fuel-quantity gauge (the engine control unit's report).
struct EngineSample {
  SimTime time;
  double rpm = 0;      // crankshaft [1/min]
  double fuel_kg = 0;  // fuel on board, from the tank gauge [kg]
};

}  // namespace kestrel

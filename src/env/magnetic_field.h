// The Earth's main magnetic field from a spherical-harmonic model in NOAA's COF text format
// (World Magnetic Model WMM2025: data/magnetic/WMM2025.COF). The sum itself is GeographicLib's
// SphericalHarmonic1 (Schmidt semi-normalised, Clenshaw summation, coefficients C + t C' with
// t = years since the epoch); we evaluate its gradient at the ECEF position and rotate the field
// into the local geodetic NED frame:
//   W = a sum_n (a/r)^(n+1) sum_m (g_nm(t) cos m lon + h_nm(t) sin m lon) P_nm(sin lat_c),
//   B_ecef = -grad W,   B_ned = R_ned_from_ecef(lat, lon) B_ecef,   a = 6371200 m.
// Heights are above the WGS-84 ellipsoid (as the WMM defines them). Evaluating costs ~10 us: the
// magnetometer goes through MagneticFieldCache, which re-evaluates only after a real move.
#pragma once

#include <memory>
#include <string>

#include "core/geodesy.h"
#include "core/result.h"
#include "core/types.h"

namespace kestrel {

// A loaded model. Immutable and cheap to copy (the coefficients are shared, read-only).
struct MagneticModel {
  struct Impl;
  std::shared_ptr<const Impl> impl;  // shared: immutable data used by every copy of a World
  std::string name;                  // e.g. "WMM-2025"
  double epoch_year = 0;             // decimal year of the coefficients
  int max_degree = 0;
  bool loaded() const { return impl != nullptr; }
};

// Parses NOAA's COF text ('#' lines are comments). Errors name FILE:LINE and the reason.
Result<MagneticModel> parse_magnetic_model(const std::string& text, const std::string& source);
Result<MagneticModel> load_magnetic_model(const std::string& path);

// Field at a position and date: north, east, down components [nT]. `decimal_year` as the WMM
// uses it (2025.5 = mid-2025). Outside the model's 5-year span it extrapolates the secular
// variation (documented WMM behaviour; the flight software is told nothing about it).
Vec3 magnetic_field_ned_nt(const MagneticModel& m, const Geodetic& at, double decimal_year);

// Declination (east of true north +) and inclination (down +) of a NED field [rad].
double magnetic_declination_rad(const Vec3& field_ned);
double magnetic_inclination_rad(const Vec3& field_ned);

// The field around the aircraft, re-evaluated only when it has moved more than
// `horizontal_m` horizontally or `vertical_m` vertically (or the date has advanced by more than
// `years`) since the last evaluation. Between evaluations the field changes by < 0.1 % per 500 m
// (its scale length is thousands of km), far below the magnetometer's noise.
struct MagneticFieldCache {
  MagneticModel model;
  double horizontal_m = 500.0;  // re-evaluation distance, horizontal [m]
  double vertical_m = 100.0;    // re-evaluation distance, vertical [m]
  double years = 1.0 / 365.25;  // re-evaluation interval of the date [yr]
  bool valid = false;
  Geodetic at;         // where the cached field was evaluated
  double cos_lat = 1;  // cos of the cached latitude
  double year = 0;
  Vec3 field_ned_nt = Vec3::Zero();  // the cached field [nT]
  int64_t evaluations = 0;           // how many times the harmonics were summed
};

// The cached field at `at` (re-evaluating if needed). Nothing allocates.
const Vec3& cached_field_ned_nt(MagneticFieldCache& c, const Geodetic& at, double decimal_year);

}  // namespace kestrel

// What the flight software knows of its base, and its local frame: shared by the autopilot
// (autopilot.h) and the mission engine (mission_engine.h).
//
// Frames: a local tangent plane at home (north/east metres, flat-earth scaling with the WGS-84
// radii of curvature at home; 60 km out this bends a straight leg by under 2 m), heights
// ellipsoidal like the navigation estimate.
#pragma once

#include <Eigen/Core>

namespace kestrel {

// What the flight software knows of its base (uploaded before the flight).
struct AutopilotSite {
  double home_lat_rad = 0, home_lon_rad = 0, home_height_m = 0;  // runway elevation (ellipsoid)
  // The runway elevation above mean sea level [m]: the reference of mission altitudes given AMSL
  // (MAV_FRAME_GLOBAL); home_height_m - home_alt_amsl_m is the geoid height at home.
  double home_alt_amsl_m = 0;
  double threshold_lat_rad = 0, threshold_lon_rad = 0;
  double runway_heading_rad = 0, runway_length_m = 0, runway_width_m = 0;
};

// The standard atmosphere's density ratio at a pressure altitude (troposphere), as the flight
// software takes it from its barometric altitude to turn equivalent into true airspeeds.
double isa_density_ratio(double pressure_alt_m);

// The radius [m] of a steady level turn at a speed [m/s] and bank [rad]: V^2 / (g tan(bank))
// (the bank held above 1e-3 rad). With the ground speed it is the circle over the ground.
double turn_radius_m(double speed_mps, double bank_rad);
// The smallest circle [m] the guidance can fly at an equivalent airspeed [m/s] at a pressure
// altitude [m] with a bank limit [rad]: turn_radius_m at the true airspeed.
double min_turn_radius_m(double eas_mps, double pressure_alt_m, double bank_rad);

// The autopilot's local frame: north/east metres from home, flat-earth scaling with the WGS-84
// radii of curvature at home (set up once; a conversion is two products and a wrap).
struct LocalFrame {
  double lat0_rad = 0, lon0_rad = 0, north_m_per_rad = 0, east_m_per_rad = 0;
  static LocalFrame at(const AutopilotSite& site);
  Eigen::Vector2d ne(double lat_rad, double lon_rad) const;
  // The inverse of ne() (lat, lon [rad]).
  Eigen::Vector2d lat_lon(const Eigen::Vector2d& ne) const;
};

}  // namespace kestrel

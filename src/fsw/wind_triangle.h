// The wind triangle for a course to be made good: given the course, the true airspeed and the
// wind, the heading correction and the ground speed along the course. Shared by the engine-out
// reachability (glide.h) and the bingo fuel (bingo.h). Local NE frame; the wind is the velocity
// of the air mass (the direction it blows towards, as NavState's wind_n/wind_e, docs/frames.md).
#pragma once

#include <Eigen/Core>

namespace kestrel {

struct WindTriangle {
  // The course can be held with a positive ground speed along it: the crosswind is below the
  // airspeed and what is left of the airspeed along the course beats the headwind.
  bool feasible = false;
  double ground_speed_mps = 0;  // along the course [m/s] (> 0 when feasible, else <= 0 or 0)
  double headwind_mps = 0;      // wind component against the course [m/s] (+ headwind)
  double crosswind_mps = 0;     // wind component across the course [m/s] (+ towards the right)
  double crab_rad = 0;          // heading minus course [rad] (+ right); 0 when not feasible
};

// Solves the triangle for a course along course_unit_ne (a unit vector, NE), flown at
// airspeed_mps (true, horizontal) in the wind wind_ne [m/s]. The aircraft points into the
// crosswind so that the air velocity's cross component cancels it: the along-course airspeed is
// sqrt(V^2 - crosswind^2) and the ground speed that minus the headwind. Infeasible (never a
// division by zero, no NaN) when |crosswind| >= V, when the ground speed is <= 0, or when an input
// is not finite.
WindTriangle solve_wind_triangle(const Eigen::Vector2d& course_unit_ne, double airspeed_mps,
                                 const Eigen::Vector2d& wind_ne);

}  // namespace kestrel

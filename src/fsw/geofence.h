// The geofence: where the aircraft may fly. Inclusion and exclusion polygons and circles (the
// shapes of a QGroundControl .plan's geoFence), an altitude band from parameters, and the fence
// return point. Set up once from plain data (validated: an error names the shape and the vertex),
// then queried without allocation: check() for the failsafes at every step, segment_inside() and
// circle_inside() for the pre-arm check of a mission's legs and loiters (and for a lookahead
// along the velocity).
//
// Semantics (as PX4's Geofence::isInsidePolygonOrCircle, QGroundControl's plan and ArduPilot with
// FENCE_OPTIONS bit INCLUSION_UNION):
//   - the aircraft must be inside at least one inclusion shape, when there is any; several
//     inclusion shapes form their UNION. ArduPilot's default is the intersection; we take the
//     union because an operating area is then drawn from pieces (a base area, a transit corridor,
//     an orbit area) that may overlap, a plan drawn for PX4 means the same, and an intersection
//     can always be drawn as one polygon, whereas a union of overlapping pieces cannot be drawn
//     as one simple polygon when the pieces enclose a hole;
//   - it must be outside every exclusion shape;
//   - its height must be within the band [FENCE_ALT_MIN, FENCE_ALT_MAX] (each 0: none).
// The allowed region is closed: a point on an inclusion edge is inside, a point on an exclusion
// edge is outside the exclusion; neither is a breach (within 1 um of an edge counts as on it).
//
// Frame: the autopilot's local NE frame (metres north/east of home, autopilot.h LocalFrame),
// heights above home. Polygons of any winding; they must be simple (no edge crosses or touches a
// non-adjacent edge). A 100 km polygon is fine: the local frame bends a straight edge by under 2 m
// 60 km out (autopilot.h), far below any sensible FENCE_MARGIN.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "core/param.h"
#include "core/result.h"

namespace kestrel {

// What the failsafe does on a breach (FENCE_ACTION). The state machine that acts on it is not
// here; the values are fixed so that a parameter file means the same thing later.
enum class FenceAction : uint8_t {
  kReport = 0,  // tell the ground station only
  kReturn = 1,  // fly to the fence return point (home when none) and loiter there
  kLoiter = 2,  // circle where the breach was detected
};

struct GeofenceParams {
  double action = 1;     // FenceAction
  double alt_min_m = 0;  // floor, height above home [m]; 0: none
  double alt_max_m = 0;  // ceiling, height above home [m]; 0: none
  // Clearance the failsafes and the pre-arm check keep from the horizontal boundary [m]: about
  // one turn radius at the loiter speed and 30 deg of bank (searcher-facts §4.6: 280 m at 40 m/s),
  // so that an aircraft that turns back at the margin stays inside.
  double margin_m = 300;
};

inline const std::array<ParamDecl<GeofenceParams>, 4> kGeofenceParams = {{
    {{"FENCE_ACTION", "-", 0.0, 2.0, "On a breach: 0 report, 1 return point, 2 loiter"},
     &GeofenceParams::action},
    {{"FENCE_ALT_MIN", "m", 0.0, 10000.0, "Fence floor, height above home (0: none)"},
     &GeofenceParams::alt_min_m},
    {{"FENCE_ALT_MAX", "m", 0.0, 10000.0, "Fence ceiling, height above home (0: none)"},
     &GeofenceParams::alt_max_m},
    {{"FENCE_MARGIN", "m", 0.0, 5000.0, "Clearance kept from the horizontal fence boundary"},
     &GeofenceParams::margin_m},
}};

struct FencePolygon {
  bool inclusion = true;
  // Vertices [m] north, east of home, either winding, not closed (a last vertex equal to the
  // first is taken as the closing one and dropped).
  std::vector<Eigen::Vector2d> vertices_ne;
};

struct FenceCircle {
  bool inclusion = true;
  Eigen::Vector2d center_ne = Eigen::Vector2d::Zero();  // [m] north, east of home
  double radius_m = 0;
};

// Where a fence breach sends the aircraft (a .plan's breachReturn).
struct FenceReturnPoint {
  Eigen::Vector2d ne = Eigen::Vector2d::Zero();  // [m] north, east of home
  double height_m = 0;                           // above home [m]
};

struct GeofenceSpec {
  std::vector<FencePolygon> polygons;  // errors name them polygons[i], as in a .plan's geoFence
  std::vector<FenceCircle> circles;    // circles[i]
  std::optional<FenceReturnPoint> return_point;
};

// One shape of the fence: polygons[index] or circles[index] of the spec.
struct FenceShape {
  enum class Kind : uint8_t { kNone, kPolygon, kCircle };
  Kind kind = Kind::kNone;
  int index = -1;
  bool operator==(const FenceShape&) const = default;
};

// Breach bits of GeofenceCheck::breaches.
enum FenceBreach : uint8_t {
  kFenceOutsideInclusion = 1u << 0,  // inside none of the inclusion shapes
  kFenceInsideExclusion = 1u << 1,   // inside an exclusion shape
  kFenceBelowFloor = 1u << 2,
  kFenceAboveCeiling = 1u << 3,
};

struct GeofenceCheck {
  uint8_t breaches = 0;  // FenceBreach bits
  // The exclusion shape the aircraft is deepest inside (kFenceInsideExclusion), else kNone.
  FenceShape exclusion;
  // Signed horizontal clearance [m]: + inside the allowed region, - outside; +infinity when the
  // fence has no shape. Inside: the distance to the nearest boundary that bounds the aircraft
  // (where inclusion shapes overlap, the deeper of the shapes it is in, so it may be less than
  // the distance to the union's outline: a conservative figure). Outside: minus the depth of the
  // worst violation (how far it must move to get out of the deepest exclusion, or into the
  // nearest inclusion shape). A failsafe predicts a breach from it and the velocity, or asks
  // segment_inside() about the path ahead.
  double horizontal_m = std::numeric_limits<double>::infinity();
  FenceShape nearest;  // the shape whose boundary gives horizontal_m (kNone: no shape)
  // Signed height margin to the band [m]: min(height - floor, ceiling - height) over the limits
  // set; + inside, - outside; +infinity when neither is set.
  double vertical_m = std::numeric_limits<double>::infinity();
  bool breached() const { return breaches != 0; }
};

class Geofence {
 public:
  Geofence() = default;  // no fence: nothing is ever breached

  // Validates and sets up a fence: polygons with at least 3 finite vertices, no repeated
  // consecutive vertex, no edge crossing or touching a non-adjacent one, no edge folding back
  // on the previous; circles with a finite centre and a positive finite radius; the altitude
  // band from the parameters (floor below ceiling when both are set); the return point inside
  // the horizontal fence and the band. The error names the shape and the vertex.
  static Result<Geofence> create(const GeofenceSpec& spec, const GeofenceParams& params);

  // The aircraft at pos_ne, height_m above home: breach bits and the signed clearances. O(number
  // of vertices and circles), no allocation. Non-finite input: every breach bit that depends on
  // it is set and the clearances are -infinity (never NaN).
  GeofenceCheck check(const Eigen::Vector2d& pos_ne, double height_m) const;

  // Whether the straight leg a -> b flown at height_m stays in the allowed region, at least
  // clearance_m from every horizontal boundary (every edge and circle of the shapes involved;
  // 0: touching allowed). Exact for the straight segment (crossings between its ends are found,
  // not only its ends tested), up to rounding. The height must be within the band.
  bool segment_inside(const Eigen::Vector2d& a_ne, const Eigen::Vector2d& b_ne, double height_m,
                      double clearance_m = 0) const;
  // Where along a -> b the leg first leaves the allowed region (with the clearance): the fraction
  // of the leg in [0, 1]; none when it stays inside. With b = a + velocity * lookahead, the time
  // to the predicted breach is the fraction times the lookahead. Height outside the band: 0.
  std::optional<double> first_exit(const Eigen::Vector2d& a_ne, const Eigen::Vector2d& b_ne,
                                   double height_m, double clearance_m = 0) const;
  // Whether the circle (a loiter) of radius_m about center_ne at height_m stays in the allowed
  // region with the clearance (the circle itself, not the disc: an exclusion inside the circle
  // is fine). Exact in the same sense as segment_inside.
  bool circle_inside(const Eigen::Vector2d& center_ne, double radius_m, double height_m,
                     double clearance_m = 0) const;

  const std::optional<FenceReturnPoint>& return_point() const { return return_point_; }
  std::optional<double> alt_min_m() const { return alt_min_m_; }
  std::optional<double> alt_max_m() const { return alt_max_m_; }
  bool empty() const { return polygons_.empty() && circles_.empty() && !alt_min_m_ && !alt_max_m_; }
  int polygon_count() const { return static_cast<int>(polygons_.size()); }
  int circle_count() const { return static_cast<int>(circles_.size()); }

 private:
  struct Polygon {
    bool inclusion = true;
    int first = 0, count = 0;  // into vertices_
  };
  // The horizontal part of check(): signed clearance and the shapes (no altitude).
  GeofenceCheck horizontal(const Eigen::Vector2d& p) const;
  bool vertical_ok(double height_m) const;
  double polygon_signed_distance(const Polygon& poly, const Eigen::Vector2d& p) const;
  // The next parameter > t where a path's status relative to some shape may change (t_end when
  // none): see the sweep in geofence.cc.
  template <typename Path>
  double next_breakpoint(const Path& path, double t, double t_end, double clearance_m) const;
  template <typename Path>
  std::optional<double> sweep(const Path& path, double t_end, double clearance_m) const;

  std::vector<Polygon> polygons_;
  std::vector<Eigen::Vector2d> vertices_;  // all polygons' vertices, in order
  std::vector<FenceCircle> circles_;
  bool any_inclusion_ = false;
  std::optional<double> alt_min_m_, alt_max_m_;
  std::optional<FenceReturnPoint> return_point_;
};

}  // namespace kestrel

#include "fsw/geofence.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/types.h"

namespace kestrel {
namespace {

using Eigen::Vector2d;

constexpr double kInf = std::numeric_limits<double>::infinity();
// A point this close to an edge or a circle counts as on it (inside the closed allowed region).
// Far above the rounding of coordinates of 1e5 m (about 1e-11 m), far below anything physical.
constexpr double kOnBoundaryM = 1e-6;

double cross(const Vector2d& a, const Vector2d& b) { return a.x() * b.y() - a.y() * b.x(); }
// > 0 when c is to the left of a -> b (in the north-east plane, "left" is counter-clockwise seen
// with north up and east right, i.e. the mathematician's x = north, y = east orientation).
double orient(const Vector2d& a, const Vector2d& b, const Vector2d& c) {
  return cross(b - a, c - a);
}
int sign(double x) { return (x > 0) - (x < 0); }
// c lies within the bounding box of a-b (used only when a, b, c are collinear).
bool within_box(const Vector2d& a, const Vector2d& b, const Vector2d& c) {
  return c.x() >= std::min(a.x(), b.x()) && c.x() <= std::max(a.x(), b.x()) &&
         c.y() >= std::min(a.y(), b.y()) && c.y() <= std::max(a.y(), b.y());
}
// Closed segments p1-p2 and p3-p4 share a point (they cross or touch).
bool segments_meet(const Vector2d& p1, const Vector2d& p2, const Vector2d& p3, const Vector2d& p4) {
  const int o1 = sign(orient(p1, p2, p3)), o2 = sign(orient(p1, p2, p4));
  const int o3 = sign(orient(p3, p4, p1)), o4 = sign(orient(p3, p4, p2));
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return (o1 == 0 && within_box(p1, p2, p3)) || (o2 == 0 && within_box(p1, p2, p4)) ||
         (o3 == 0 && within_box(p3, p4, p1)) || (o4 == 0 && within_box(p3, p4, p2));
}

double point_segment_distance2(const Vector2d& p, const Vector2d& a, const Vector2d& b) {
  const Vector2d ab = b - a;
  const double t = std::clamp((p - a).dot(ab) / ab.squaredNorm(), 0.0, 1.0);
  return (a + t * ab - p).squaredNorm();
}

double snap(double signed_distance_m) {
  return std::abs(signed_distance_m) <= kOnBoundaryM ? 0.0 : signed_distance_m;
}

// ---- Paths for the sweep ------------------------------------------------------------------------
//
// A path is a curve x(t) with two root finders: the parameters where it meets a circle
// |x - q| = rho and where it meets a line n . x = k. Each calls f(t) for every root. And whether
// it runs along a line (a straight leg on an edge's line).

struct LinePath {  // x(t) = a + t d, t in [0, 1]
  Vector2d a, d;
  Vector2d at(double t) const { return a + t * d; }
  template <typename F>
  void circle_roots(const Vector2d& q, double rho, F&& f) const {
    const Vector2d m = a - q;
    const double qa = d.squaredNorm(), qb = 2 * d.dot(m), qc = m.squaredNorm() - rho * rho;
    if (qa == 0) return;
    const double disc = qb * qb - 4 * qa * qc;
    if (disc < 0) return;
    // The cancellation-free pair of roots of qa t^2 + qb t + qc.
    const double h = -0.5 * (qb + std::copysign(std::sqrt(disc), qb));
    if (h != 0) {
      f(h / qa);
      f(qc / h);
    } else {
      f(0.0);  // qb = 0 and disc = 0: qc = 0, a double root at 0
    }
  }
  template <typename F>
  void line_roots(const Vector2d& n, double k, F&& f) const {
    const double nd = n.dot(d);
    if (nd != 0) f((k - n.dot(a)) / nd);
  }
  // The leg lies on the line n . x = k (unit n), to the boundary tolerance, and along it.
  bool runs_along(const Vector2d& n, double k) const {
    return std::abs(n.dot(d)) <= 1e-9 * d.norm() && std::abs(n.dot(a) - k) <= kOnBoundaryM;
  }
};

struct CirclePath {  // x(t) = c + r (cos t, sin t) in (north, east), t in [0, 2 pi]
  Vector2d c;
  double r;
  Vector2d at(double t) const { return c + r * Vector2d(std::cos(t), std::sin(t)); }
  // Roots of v . (cos t, sin t) = s.
  template <typename F>
  static void cosine_roots(const Vector2d& v, double s, F&& f) {
    const double vn = v.norm();
    if (vn == 0) return;
    const double ratio = s / vn;
    if (!(std::abs(ratio) <= 1)) return;
    const double phi = std::atan2(v.y(), v.x()), half = std::acos(ratio);
    for (double t : {phi - half, phi + half}) {
      t = std::fmod(t, 2 * kPi);
      f(t < 0 ? t + 2 * kPi : t);
    }
  }
  template <typename F>
  void circle_roots(const Vector2d& q, double rho, F&& f) const {
    const Vector2d m = c - q;
    cosine_roots(m, (rho * rho - m.squaredNorm() - r * r) / (2 * r), f);
  }
  template <typename F>
  void line_roots(const Vector2d& n, double k, F&& f) const {
    cosine_roots(n, (k - n.dot(c)) / r, f);
  }
  bool runs_along(const Vector2d&, double) const { return false; }  // touches a line at most
};

}  // namespace

// ---- Set-up and validation ----------------------------------------------------------------------

Result<Geofence> Geofence::create(const GeofenceSpec& spec, const GeofenceParams& params) {
  Geofence f;
  for (std::size_t i = 0; i < spec.polygons.size(); ++i) {
    const FencePolygon& poly = spec.polygons[i];
    const std::string name = "geofence polygons[" + std::to_string(i) + "] (" +
                             (poly.inclusion ? "inclusion" : "exclusion") + ")";
    const std::vector<Vector2d>& v = poly.vertices_ne;
    for (std::size_t k = 0; k < v.size(); ++k)
      if (!v[k].allFinite())
        return Error{name + ": vertex " + std::to_string(k) + " is not finite"};
    int n = static_cast<int>(v.size());
    if (n >= 2 && v[n - 1] == v[0]) --n;  // the closing vertex of a closed ring
    if (n < 3)
      return Error{name + ": a polygon needs at least 3 vertices, this one has " +
                   std::to_string(n)};
    const auto at = [&](int k) -> const Vector2d& { return v[((k % n) + n) % n]; };
    const auto vs = [](int k) { return std::to_string(k); };
    for (int k = 0; k < n; ++k) {
      if (at(k + 1) == at(k))
        return Error{name + ": vertex " + vs((k + 1) % n) + " repeats vertex " + vs(k)};
    }
    for (int k = 0; k < n; ++k) {
      // The edges into and out of vertex k fold back onto each other (a zero-width spike).
      const Vector2d in = at(k) - at(k - 1), out = at(k + 1) - at(k);
      if (cross(in, out) == 0 && in.dot(out) < 0)
        return Error{name + ": vertex " + vs(k) + ": the polygon folds back on itself there"};
    }
    for (int a = 0; a < n; ++a) {
      for (int b = a + 2; b < n; ++b) {
        if (a == 0 && b == n - 1) continue;  // adjacent through vertex 0
        if (segments_meet(at(a), at(a + 1), at(b), at(b + 1)))
          return Error{name + ": vertex " + vs(a) + ": edge " + vs(a) + "-" + vs((a + 1) % n) +
                       " crosses or touches edge " + vs(b) + "-" + vs((b + 1) % n) +
                       " (the polygon must be simple)"};
      }
    }
    double twice_area = 0;
    for (int k = 0; k < n; ++k) twice_area += cross(at(k), at(k + 1));
    if (twice_area == 0) return Error{name + ": the polygon has no area"};
    f.polygons_.push_back({poly.inclusion, static_cast<int>(f.vertices_.size()), n});
    f.vertices_.insert(f.vertices_.end(), v.begin(), v.begin() + n);
    f.any_inclusion_ = f.any_inclusion_ || poly.inclusion;
  }
  for (std::size_t i = 0; i < spec.circles.size(); ++i) {
    const FenceCircle& c = spec.circles[i];
    const std::string name = "geofence circles[" + std::to_string(i) + "] (" +
                             (c.inclusion ? "inclusion" : "exclusion") + ")";
    if (!c.center_ne.allFinite()) return Error{name + ": the centre is not finite"};
    if (!(std::isfinite(c.radius_m) && c.radius_m > 0))
      return Error{name + ": the radius must be positive and finite, not " +
                   std::to_string(c.radius_m)};
    f.circles_.push_back(c);
    f.any_inclusion_ = f.any_inclusion_ || c.inclusion;
  }

  // The altitude band: each limit 0 means none.
  for (const auto& [value, pname] : {std::pair{params.alt_min_m, "FENCE_ALT_MIN"},
                                     std::pair{params.alt_max_m, "FENCE_ALT_MAX"}}) {
    if (!(std::isfinite(value) && value >= 0))
      return Error{std::string(pname) + ": must be a finite height >= 0 (0: none), not " +
                   std::to_string(value)};
  }
  if (params.alt_min_m > 0) f.alt_min_m_ = params.alt_min_m;
  if (params.alt_max_m > 0) f.alt_max_m_ = params.alt_max_m;
  if (f.alt_min_m_ && f.alt_max_m_ && !(*f.alt_min_m_ < *f.alt_max_m_))
    return Error{"FENCE_ALT_MIN (" + std::to_string(*f.alt_min_m_) +
                 " m) must be below FENCE_ALT_MAX (" + std::to_string(*f.alt_max_m_) + " m)"};

  if (spec.return_point) {
    const FenceReturnPoint& r = *spec.return_point;
    if (!r.ne.allFinite() || !std::isfinite(r.height_m))
      return Error{"geofence return point: not finite"};
    const GeofenceCheck c = f.check(r.ne, r.height_m);
    if (c.breaches & (kFenceOutsideInclusion | kFenceInsideExclusion))
      return Error{"geofence return point: outside the fence (by " +
                   std::to_string(-c.horizontal_m) + " m)"};
    if (c.breaches & (kFenceBelowFloor | kFenceAboveCeiling))
      return Error{"geofence return point: its height " + std::to_string(r.height_m) +
                   " m is outside the fence's altitude band"};
    f.return_point_ = r;
  }
  return f;
}

// ---- Point queries ------------------------------------------------------------------------------

double Geofence::polygon_signed_distance(const Polygon& poly, const Vector2d& p) const {
  const Vector2d* v = vertices_.data() + poly.first;
  const int n = poly.count;
  double d2 = kInf;
  bool inside = false;
  for (int i = 0, j = n - 1; i < n; j = i++) {
    const Vector2d& a = v[j];
    const Vector2d& b = v[i];
    // Crossing number (W. R. Franklin's PNPOLY): a ray from p towards +north.
    if ((a.y() > p.y()) != (b.y() > p.y()) &&
        p.x() < a.x() + (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()))
      inside = !inside;
    d2 = std::min(d2, point_segment_distance2(p, a, b));
  }
  const double d = std::sqrt(d2);
  return snap(inside ? d : -d);
}

GeofenceCheck Geofence::horizontal(const Vector2d& p) const {
  GeofenceCheck c;
  // U: the deepest of the inclusion shapes (their union); E: the shallowest clearance from the
  // exclusion shapes. The allowed region is U >= 0 and E >= 0; its clearance min(U, E).
  double u = -kInf, e = kInf;
  FenceShape u_shape, e_shape;
  const auto add = [&](bool inclusion, double sd, FenceShape shape) {
    if (inclusion) {
      if (sd > u) u = sd, u_shape = shape;
    } else if (-sd < e) {
      e = -sd, e_shape = shape;
    }
  };
  for (std::size_t k = 0; k < polygons_.size(); ++k)
    add(polygons_[k].inclusion, polygon_signed_distance(polygons_[k], p),
        {FenceShape::Kind::kPolygon, static_cast<int>(k)});
  for (std::size_t k = 0; k < circles_.size(); ++k)
    add(circles_[k].inclusion, snap(circles_[k].radius_m - (p - circles_[k].center_ne).norm()),
        {FenceShape::Kind::kCircle, static_cast<int>(k)});
  if (!any_inclusion_) u = kInf;
  if (u < 0) c.breaches |= kFenceOutsideInclusion;
  if (e < 0) {
    c.breaches |= kFenceInsideExclusion;
    c.exclusion = e_shape;
  }
  if (u <= e) {
    c.horizontal_m = u;
    c.nearest = u_shape;
  } else {
    c.horizontal_m = e;
    c.nearest = e_shape;
  }
  return c;
}

bool Geofence::vertical_ok(double height_m) const {
  if (!alt_min_m_ && !alt_max_m_) return true;
  if (!std::isfinite(height_m)) return false;
  return (!alt_min_m_ || height_m >= *alt_min_m_) && (!alt_max_m_ || height_m <= *alt_max_m_);
}

GeofenceCheck Geofence::check(const Vector2d& pos_ne, double height_m) const {
  GeofenceCheck c;
  if (pos_ne.allFinite()) {
    c = horizontal(pos_ne);
  } else if (!polygons_.empty() || !circles_.empty()) {
    if (any_inclusion_) c.breaches |= kFenceOutsideInclusion;
    const bool any_exclusion = std::any_of(polygons_.begin(), polygons_.end(),
                                           [](const Polygon& p) { return !p.inclusion; }) ||
                               std::any_of(circles_.begin(), circles_.end(),
                                           [](const FenceCircle& k) { return !k.inclusion; });
    if (any_exclusion) c.breaches |= kFenceInsideExclusion;
    c.horizontal_m = -kInf;
  }
  if (alt_min_m_ || alt_max_m_) {
    if (!std::isfinite(height_m)) {
      if (alt_min_m_) c.breaches |= kFenceBelowFloor;
      if (alt_max_m_) c.breaches |= kFenceAboveCeiling;
      c.vertical_m = -kInf;
    } else {
      if (alt_min_m_) {
        c.vertical_m = std::min(c.vertical_m, height_m - *alt_min_m_);
        if (height_m < *alt_min_m_) c.breaches |= kFenceBelowFloor;
      }
      if (alt_max_m_) {
        c.vertical_m = std::min(c.vertical_m, *alt_max_m_ - height_m);
        if (height_m > *alt_max_m_) c.breaches |= kFenceAboveCeiling;
      }
    }
  }
  return c;
}

// ---- Path queries: the sweep --------------------------------------------------------------------
//
// Along a path x(t), t in [0, t_end], the allowed-with-clearance test "min(U, E) >= clearance"
// can change only where x(t) is exactly `clearance` from some shape's boundary (or, for
// clearance 0, on it). For a polygon edge P-Q that set is the outline of the capsule of radius
// clearance around P-Q, which lies on the circle of that radius about P (and about Q, the next
// edge's P) and on the two sides parallel to P-Q at that distance (over the edge's span only);
// for clearance 0 a path crossing the edge does so on its line, and one running along the edge
// changes status where it passes P or Q, on the lines through P and Q perpendicular to the edge.
// For a circle shape it is the circle of radius r - clearance (inclusion) or
// r + clearance (exclusion). The sweep walks from breakpoint to breakpoint (each the next root
// of those curves after the last) and tests one point inside each interval, where the status is
// constant: O(breakpoints x vertices), no allocation, exact up to the rounding of the roots (a
// violation thinner than the 1 um boundary tolerance can be missed). The
// closed allowed region contains the end points of the intervals it contains, so the interval
// tests decide the breakpoints too.

template <typename Path>
double Geofence::next_breakpoint(const Path& path, double t, double t_end,
                                 double clearance_m) const {
  double best = t_end;
  const auto take = [&](double r) {
    if (r > t && r < best) best = r;
  };
  for (const Polygon& poly : polygons_) {
    const Vector2d* v = vertices_.data() + poly.first;
    for (int i = 0; i < poly.count; ++i) {
      const Vector2d& p = v[i];
      const Vector2d& q = v[(i + 1) % poly.count];
      const double length = (q - p).norm();
      const Vector2d u = (q - p) / length;
      const Vector2d n(-u.y(), u.x());
      const double np = n.dot(p);
      // The flat sides of the capsule span the edge only: a root of their lines beyond the edge's
      // ends changes nothing, and skipping it keeps a long leg in a large polygon from stopping
      // at every edge's extension.
      const auto take_on_side = [&](double r) {
        if (!(r > t && r < best)) return;
        const double s = u.dot(path.at(r) - p);
        if (s >= -kOnBoundaryM && s <= length + kOnBoundaryM) best = r;
      };
      path.line_roots(n, np + clearance_m, take_on_side);
      if (clearance_m > 0) {
        path.line_roots(n, np - clearance_m, take_on_side);
        path.circle_roots(p, clearance_m, take);
      } else if (path.runs_along(n, np)) {
        // On the edge's own line: the status changes where the path passes the edge's ends.
        path.line_roots(u, u.dot(p), take);
        path.line_roots(u, u.dot(q), take);
      }
    }
  }
  for (const FenceCircle& c : circles_) {
    const double rho = c.inclusion ? c.radius_m - clearance_m : c.radius_m + clearance_m;
    if (rho > 0) path.circle_roots(c.center_ne, rho, take);
  }
  return best;
}

template <typename Path>
std::optional<double> Geofence::sweep(const Path& path, double t_end, double clearance_m) const {
  double t = 0;
  for (;;) {  // ends: t takes strictly increasing values from a finite set of roots
    const double next = next_breakpoint(path, t, t_end, clearance_m);
    if (!(horizontal(path.at(0.5 * (t + next))).horizontal_m >= clearance_m)) return t;
    if (next >= t_end) return std::nullopt;
    t = next;
  }
}

std::optional<double> Geofence::first_exit(const Vector2d& a_ne, const Vector2d& b_ne,
                                           double height_m, double clearance_m) const {
  if (!a_ne.allFinite() || !b_ne.allFinite() || !std::isfinite(clearance_m) || clearance_m < 0)
    return 0.0;
  if (!vertical_ok(height_m)) return 0.0;
  if (polygons_.empty() && circles_.empty()) return std::nullopt;
  return sweep(LinePath{a_ne, b_ne - a_ne}, 1.0, clearance_m);
}

bool Geofence::segment_inside(const Vector2d& a_ne, const Vector2d& b_ne, double height_m,
                              double clearance_m) const {
  return !first_exit(a_ne, b_ne, height_m, clearance_m).has_value();
}

bool Geofence::circle_inside(const Vector2d& center_ne, double radius_m, double height_m,
                             double clearance_m) const {
  if (!center_ne.allFinite() || !std::isfinite(radius_m) || radius_m < 0 ||
      !std::isfinite(clearance_m) || clearance_m < 0)
    return false;
  if (!vertical_ok(height_m)) return false;
  if (polygons_.empty() && circles_.empty()) return true;
  if (radius_m == 0) return horizontal(center_ne).horizontal_m >= clearance_m;
  return !sweep(CirclePath{center_ne, radius_m}, 2 * kPi, clearance_m).has_value();
}

}  // namespace kestrel

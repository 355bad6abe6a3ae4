#include "airframe/aero.h"

#include <algorithm>
#include <cmath>

namespace kestrel {

AeroOutput evaluate_aero(const AeroParams& p, const GeometryParams& g, const AeroInput& in,
                         const Vec3& cg_b_m) {
  AeroOutput out;
  const double v = std::max(in.airspeed_mps, kAeroMinAirspeedMps);
  const double b2v = g.span_m / (2 * v);
  const double c2v = g.mac_m / (2 * v);
  const double ph = in.omega_air_b.x() * b2v;  // non-dimensional rates
  const double qh = in.omega_air_b.y() * c2v;
  const double rh = in.omega_air_b.z() * b2v;
  const double a = in.alpha_rad, b = in.beta_rad;
  const double de = in.elevator_rad, da = in.aileron_rad, dr = in.rudder_rad, df = in.flap_rad;

  AeroCoefficients& c = out.coeff;
  c.cl = p.cl_alpha.evaluate(a) + p.cl_q * qh + p.cl_elevator * de + p.cl_flap * df;
  const double cd_base = p.drag_table ? p.cd_alpha.evaluate(a) : p.cd0 + p.k_induced * c.cl * c.cl;
  c.cd = cd_base + p.cd_beta2 * b * b + p.cd_elevator * std::abs(de) + p.cd_flap * df;
  c.cy = p.cy_beta * b + p.cy_p * ph + p.cy_r * rh + p.cy_aileron * da + p.cy_rudder * dr;
  c.croll = p.croll_beta * b + p.croll_p * ph + p.croll_r * rh + p.croll_aileron * da +
            p.croll_rudder * dr;
  c.cm = p.cm_alpha.evaluate(a) + p.cm_q * qh + p.cm_elevator * de + p.cm_flap * df;
  c.cn = p.cn_beta * b + p.cn_p * ph + p.cn_r * rh + p.cn_aileron * da + p.cn_rudder * dr;
  c.cl_alpha_dot = p.cl_alpha_dot * c2v;
  c.cm_alpha_dot = p.cm_alpha_dot * c2v;

  // Lift and drag act in wind axes; side force along body y. Rotate wind -> body.
  const double ca = in.cos_alpha, sa = in.sin_alpha, cb = in.cos_beta, sb = in.sin_beta;
  const double qs = in.qbar_pa * g.wing_area_m2;
  const double lift = qs * c.cl, drag = qs * c.cd;
  out.force_b_n =
      Vec3(-drag * ca * cb + lift * sa, -drag * sb + qs * c.cy, -drag * sa * cb - lift * ca);
  const Vec3 moment_ref(qs * g.span_m * c.croll, qs * g.mac_m * c.cm, qs * g.span_m * c.cn);
  const Vec3 arm = g.aero_ref_b_m - cg_b_m;  // from the CG to the reference point
  out.moment_b_nm = moment_ref + arm.cross(out.force_b_n);

  // alpha_dot terms: lift increment along the lift direction, pitching moment about y.
  const double dl = qs * c.cl_alpha_dot;
  out.force_per_alpha_dot_b = Vec3(dl * sa, 0, -dl * ca);
  out.moment_per_alpha_dot_b =
      Vec3(0, qs * g.mac_m * c.cm_alpha_dot, 0) + arm.cross(out.force_per_alpha_dot_b);
  return out;
}

}  // namespace kestrel

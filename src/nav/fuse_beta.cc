// Synthetic sideslip fusion: in coordinated flight the air-relative velocity
// has no body-y component. Model: h = e_y^T R_b_from_ned (v_ned - [wn, we, 0])
// = 0 [m/s], with the noise beta_noise_rad * TAS. It makes the wind observable
// on straight legs (with the heading). With R_true = Exp(dtheta) R:
// dh/d(dtheta) = e_y^T R^T [va x],  dh/dv = e_y^T R^T.
#include <algorithm>
#include <cmath>

#include "nav/nav_models.h"

namespace kestrel {

using namespace nav_index;

namespace nav {

double beta_h(const NavNominal& x) {
  const Vec3 va = x.vel_ned - Vec3(x.wind_ne.x(), x.wind_ne.y(), 0);
  return (x.q_ned_from_b.toRotationMatrix().transpose() * va).y();
}

SparseRow beta_H(const NavNominal& x) {
  const Vec3 va = x.vel_ned - Vec3(x.wind_ne.x(), x.wind_ne.y(), 0);
  const Vec3 ey_ned = x.q_ned_from_b.toRotationMatrix().col(1);  // (e_y^T R^T)^T
  const Vec3 h_att = skew(va).transpose() * ey_ned;              // ([va x]^T R e_y)
  SparseRow H;
  for (int i = 0; i < 3; ++i) H.add(kAtt + i, h_att(i));
  for (int i = 0; i < 3; ++i) H.add(kVel + i, ey_ned(i));
  H.add(kWind, -ey_ned.x());
  H.add(kWind + 1, -ey_ned.y());
  return H;
}

}  // namespace nav

void NavFilter::fuse_beta(SimTime t) {
  const double tas = std::max(nav::airspeed_h(x_), params_.min_airspeed_fuse_mps);
  const double sig = params_.beta_noise_rad * tas;
  const double y = -nav::beta_h(x_);
  const double S =
      fuse_gated_scalar(nav::beta_H(x_), y, sig * sig, params_.beta_gate_sigma, state_.beta, t);
  innov_.beta_rad = y / tas;
  innov_.beta_var_rad2 = S / (tas * tas);
}

}  // namespace kestrel

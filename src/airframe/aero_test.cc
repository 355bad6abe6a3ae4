#include "airframe/aero.h"

#include <gtest/gtest.h>

namespace kestrel {
namespace {

struct Fixture {
  AeroParams p;
  GeometryParams g;
  Fixture() {
    g.wing_area_m2 = 10;
    g.span_m = 10;
    g.mac_m = 1;
    g.aero_ref_b_m = Vec3(-2, 0, 0);
    p.cl_alpha = Table1D({-1, 1}, {-5, 5});  // CL = 5 alpha
    p.cm_alpha = Table1D({-1, 1}, {0.5, -0.5});
    p.cd0 = 0.03;
    p.k_induced = 0.05;
    p.croll_aileron = 0.2;
    p.cn_rudder = -0.1;
    p.cy_rudder = 0.2;
    p.croll_p = -0.5;
  }
};

TEST(Aero, LiftAndDragInWindAxes) {
  Fixture f;
  AeroInput in;
  in.qbar_pa = 1000;
  in.airspeed_mps = 40;
  set_aero_angles(in, 0.1, 0.0);
  const AeroOutput o = evaluate_aero(f.p, f.g, in, f.g.aero_ref_b_m);
  const double cl = 0.5, cd = 0.03 + 0.05 * 0.25;
  EXPECT_NEAR(o.coeff.cl, cl, 1e-12);
  EXPECT_NEAR(o.coeff.cd, cd, 1e-12);
  // Lift perpendicular to the air velocity (u, w) = (cos a, sin a), drag along -velocity.
  const Vec3 v(std::cos(0.1), 0, std::sin(0.1));
  EXPECT_NEAR(o.force_b_n.dot(v), -1000 * 10 * cd, 1e-9);
  EXPECT_NEAR(o.force_b_n.dot(Vec3(std::sin(0.1), 0, -std::cos(0.1))), 1000 * 10 * cl, 1e-9);
}

TEST(Aero, MomentTransferToTheCentreOfMass) {
  Fixture f;
  AeroInput in;
  in.qbar_pa = 1000;
  in.airspeed_mps = 40;
  set_aero_angles(in, 0.1, 0.0);
  const AeroOutput at_ref = evaluate_aero(f.p, f.g, in, f.g.aero_ref_b_m);
  const Vec3 cg(-2.3, 0, 0.1);  // CG 0.3 m aft of the reference: less stable
  const AeroOutput at_cg = evaluate_aero(f.p, f.g, in, cg);
  const Vec3 expected = at_ref.moment_b_nm + (f.g.aero_ref_b_m - cg).cross(at_ref.force_b_n);
  EXPECT_TRUE(at_cg.moment_b_nm.isApprox(expected, 1e-12));
  EXPECT_GT(at_cg.moment_b_nm.y(), at_ref.moment_b_nm.y());  // lift ahead of the CG: nose up
}

TEST(Aero, ControlAndDampingSigns) {
  Fixture f;
  AeroInput in;
  in.qbar_pa = 1000;
  in.airspeed_mps = 40;
  in.aileron_rad = 0.1;  // right aileron up: roll right
  in.rudder_rad = 0.1;   // trailing edge left: nose left, side force right
  const AeroOutput o = evaluate_aero(f.p, f.g, in, f.g.aero_ref_b_m);
  EXPECT_GT(o.moment_b_nm.x(), 0);
  EXPECT_LT(o.moment_b_nm.z(), 0);
  EXPECT_GT(o.force_b_n.y(), 0);
  in.aileron_rad = in.rudder_rad = 0;
  in.omega_air_b = Vec3(1, 0, 0);  // rolling right: damping opposes
  EXPECT_LT(evaluate_aero(f.p, f.g, in, f.g.aero_ref_b_m).moment_b_nm.x(), 0);
}

}  // namespace
}  // namespace kestrel

// Small-perturbation dynamics about a trim: the real nonlinear model (vehicle.h) linearised by
// central differences, its eigenvalues, and the classical modes named from them.
//
// States, all in body axes FRD relative to the earth (no wind in a trim, so also relative to
// the air), ordered
//   x = [u, w, q, theta | v, p, r, phi]   [m/s, m/s, rad/s, rad | m/s, rad/s, rad/s, rad]
// (u, v, w: CG velocity; p, q, r: body rates relative to the earth; theta, phi: pitch and roll
// of the 3-2-1 Euler angles relative to the local NED). Heading and position do not enter the
// forces (calm, uniform air, altitude held at the trim's in the derivative evaluation), so they
// are left out. The propeller shaft speed is held at its trim value (a state with its own fast
// mode, ~0.1-0.3 s, that the airframe modes barely see): thrust changes with u only through the
// advance ratio. The Euler-angle rates use the flat-earth kinematics (the NED frame's transport
// rate over the earth, V / R ~ 6e-6 rad/s, is left out); the earth's rotation is kept in the
// derivatives as the model has it.
//
// Inputs u = [elevator, throttle | aileron, rudder] [rad, 0..1 | rad, rad]: surface positions
// (the servo lag is not part of A), throttle position. Because the shaft speed is held, the
// throttle acts through the quasi-steady shaft speed: its column is the change in the state
// derivative when the shaft speed moves to its new equilibrium at the perturbed throttle.
#pragma once

#include <Eigen/Dense>
#include <complex>
#include <optional>
#include <vector>

#include "analysis/trim.h"

namespace kestrel {

using LinearState = Eigen::Matrix<double, 8, 1>;
using LinearInput = Eigen::Matrix<double, 4, 1>;
inline constexpr int kLinU = 0, kLinW = 1, kLinQ = 2, kLinTheta = 3;
inline constexpr int kLinV = 4, kLinP = 5, kLinR = 6, kLinPhi = 7;
inline constexpr int kLinElevator = 0, kLinThrottle = 1, kLinAileron = 2, kLinRudder = 3;

struct LinearModel {
  Eigen::Matrix<double, 8, 8> a;  // d(dx)/dt = a dx + b du, dx = x - x_trim, du = u - u_trim
  Eigen::Matrix<double, 8, 4> b;
  LinearState x_trim;  // the trimmed state in the coordinates above
  LinearInput u_trim;  // the trimmed inputs
  // The longitudinal and lateral-directional blocks (the cross blocks are small: rotor
  // gyroscopics and the asymmetric trim against the engine torque).
  Eigen::Matrix4d a_lon() const { return a.block<4, 4>(0, 0); }
  Eigen::Matrix4d a_lat() const { return a.block<4, 4>(4, 4); }
  Eigen::Matrix<double, 4, 2> b_lon() const { return b.block<4, 2>(0, 0); }
  Eigen::Matrix<double, 4, 2> b_lat() const { return b.block<4, 2>(4, 2); }
};

// The linear-model coordinates of a vehicle state (see the file comment).
LinearState linear_state_of(const VehicleModel& m, const VehicleState& s);

// `base` with its velocity, rates, pitch and roll replaced by x (heading, position, propeller
// speed, fuel and everything else kept). linear_state_of(m, with_linear_state(m, s, x)) == x.
VehicleState with_linear_state(const VehicleModel& m, const VehicleState& base,
                               const LinearState& x);

// Central-difference linearisation of the model about a converged trim.
LinearModel linearise(const VehicleModel& m, const TrimResult& trim);

// An oscillatory (or, if the pair is real, overdamped) second-order mode.
struct SecondOrderMode {
  bool found = false;
  std::complex<double> eigenvalue;  // the one with Im >= 0 [1/s]
  double wn_rad_s = 0;              // natural frequency sqrt(l1 l2)
  double zeta = 0;                  // damping ratio -(l1 + l2) / (2 wn)
  std::optional<double> period_s;   // 2 pi / Im; none when the pair is real (no oscillation)
};

struct FirstOrderMode {
  bool found = false;
  double eigenvalue = 0;  // [1/s], positive = divergent
};

struct ModesResult {
  TrimResult trim;
  LinearModel linear;
  std::vector<std::complex<double>> eig_lon, eig_lat;  // of the decoupled blocks
  std::vector<std::complex<double>> eig_coupled;       // of the whole 8 x 8 matrix
  SecondOrderMode short_period, phugoid, dutch_roll;
  FirstOrderMode roll, spiral;
};

// Names the modes of the decoupled blocks: longitudinal = the faster pair (short period) and the
// slower pair (phugoid); lateral = the complex pair (Dutch roll), the fastest real root (roll)
// and the slowest (spiral).
ModesResult analyse_modes(const VehicleModel& m, const TrimResult& trim);

// Integrates the linear model (RK4, step dt_s) from dx = 0 under a constant input step du;
// returns dx at t = 0, dt_s, 2 dt_s, ... up to duration_s.
std::vector<LinearState> simulate_linear_step(const LinearModel& lin, const LinearInput& du,
                                              double duration_s, double dt_s = 0.0025);

}  // namespace kestrel

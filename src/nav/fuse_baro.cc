// Barometric height fusion. Model: pressure altitude = ellipsoid height + baro
// offset, where the baro offset state absorbs the slowly changing difference
// between pressure altitude and GNSS height (non-standard day, geoid
// undulation, weather drift).
#include <algorithm>
#include <cmath>

#include "nav/nav_models.h"

namespace kestrel {

using namespace nav_index;

namespace nav {

namespace {
// ISA 1976 (sea level 288.15 K, 101325 Pa; lapse -6.5 K/km to 11 km; isothermal
// 216.65 K to 20 km).
constexpr double kP0 = 101325.0, kT0 = 288.15, kLapse = 0.0065, kG0 = 9.80665, kRair = 287.05287;
constexpr double kP11 = 22632.06, kT11 = 216.65;
}  // namespace

double pressure_altitude_m(double p) {
  if (p >= kP11) return kT0 / kLapse * (1 - std::pow(p / kP0, kRair * kLapse / kG0));
  return 11000.0 + kRair * kT11 / kG0 * std::log(kP11 / p);
}

double standard_pressure_pa(double alt) {
  if (alt <= 11000.0) return kP0 * std::pow(1 - kLapse * alt / kT0, kG0 / (kRair * kLapse));
  return kP11 * std::exp(-kG0 * (alt - 11000.0) / (kRair * kT11));
}

double baro_h(const NavNominal& x) { return x.height_m + x.baro_offset_m; }

SparseRow baro_H(const NavNominal&) {
  SparseRow H;
  H.add(kPos + 2, -1.0);  // height = -down
  H.add(kBaroOffset, 1.0);
  return H;
}

}  // namespace nav

bool NavFilter::push_baro(const BaroSample& s) {
  // 5 kPa is about 20.5 km: beyond the model's layers and the aircraft's
  // ceiling.
  if (!std::isfinite(s.pressure_pa) || s.pressure_pa < 5000.0 || s.pressure_pa > 110000.0) {
    ++state_.baro.invalid;
    bad_sensor_seen_ = true;
    last_bad_sensor_ = s.time;
    return false;
  }
  last_baro_p_pa_ = s.pressure_pa;
  have_baro_ = true;
  last_baro_time_ = s.time;
  if (aligned_ && position_init_ &&
      nav_fusion_due(s.time, params_.baro_fuse_hz, &last_baro_fuse_time_)) {
    last_baro_alt_m_ = nav::pressure_altitude_m(s.pressure_pa);
    fuse_baro(last_baro_alt_m_, s.time);
  }
  return true;
}

void NavFilter::fuse_baro(double baro_alt_m, SimTime t) {
  if (!baro_init_) {
    // The first sample after the position is known defines the offset.
    x_.baro_offset_m = baro_alt_m - x_.height_m;
    state_.P.row(kBaroOffset).setZero();
    state_.P.col(kBaroOffset).setZero();
    state_.P(kBaroOffset, kBaroOffset) =
        std::pow(params_.init_baro_offset_sigma_m, 2) + state_.P(kPos + 2, kPos + 2);
    baro_init_ = true;
    return;
  }
  const double y = baro_alt_m - nav::baro_h(x_);
  innov_.baro_m = y;
  innov_.baro_var_m2 =
      fuse_gated_scalar(nav::baro_H(x_), y, params_.baro_noise_m * params_.baro_noise_m,
                        params_.baro_gate_sigma, state_.baro, t);
}

}  // namespace kestrel

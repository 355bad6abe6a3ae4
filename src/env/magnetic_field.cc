#include "env/magnetic_field.h"

#include <GeographicLib/SphericalHarmonic1.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

namespace kestrel {

struct MagneticModel::Impl {
  std::vector<double> C, S, C1, S1;       // GeographicLib column-major layout
  GeographicLib::SphericalHarmonic1 sum;  // refers into the vectors above (never moved)
  double radius_m = 6371200.0;
};

namespace {
constexpr double kWmmReferenceRadiusM = 6371200.0;

Error error_at(const std::string& source, int line, const std::string& why) {
  std::string msg = source;
  if (line > 0) {
    msg += ':';
    msg += std::to_string(line);
  }
  msg += ": ";
  msg += why;
  return Error{msg};
}
}  // namespace

Result<MagneticModel> parse_magnetic_model(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  std::string line;
  int lineno = 0;
  bool have_header = false, ended = false;
  MagneticModel model;
  struct Row {
    int n, m;
    double g, h, gd, hd;
  };
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    ++lineno;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    if (line.compare(first, 6, "999999") == 0) {
      ended = true;
      break;
    }
    std::istringstream ls(line);
    if (!have_header) {
      std::string name;
      if (!(ls >> model.epoch_year >> name) ||
          !(model.epoch_year > 1900 && model.epoch_year < 2200))
        return error_at(source, lineno, "expected the header 'EPOCH MODEL-NAME DATE'");
      model.name = name;
      have_header = true;
      continue;
    }
    Row r{};
    std::string extra;
    if (!(ls >> r.n >> r.m >> r.g >> r.h >> r.gd >> r.hd) || (ls >> extra))
      return error_at(source, lineno, "expected 'n m g h g_dot h_dot'");
    if (r.n < 1 || r.n > 720 || r.m < 0 || r.m > r.n)
      return error_at(source, lineno, "degree/order out of range (1 <= n, 0 <= m <= n)");
    if (!std::isfinite(r.g + r.h + r.gd + r.hd))
      return error_at(source, lineno, "non-finite coefficient");
    rows.push_back(r);
  }
  if (!have_header) return error_at(source, lineno, "no header line: not a COF file");
  if (!ended) return error_at(source, lineno, "missing the closing line of 9s");
  int nmax = 0;
  for (const Row& r : rows) nmax = std::max(nmax, r.n);
  const int expected = nmax * (nmax + 3) / 2;
  if (static_cast<int>(rows.size()) != expected)
    return error_at(source, 0,
                    "expected " + std::to_string(expected) + " coefficient lines for degree " +
                        std::to_string(nmax) + ", got " + std::to_string(rows.size()));
  auto impl = std::make_shared<MagneticModel::Impl>();
  const int csize = (nmax + 1) * (nmax + 2) / 2;
  const int ssize = csize - (nmax + 1);
  impl->C.assign(csize, 0.0);
  impl->C1.assign(csize, 0.0);
  impl->S.assign(ssize, 0.0);
  impl->S1.assign(ssize, 0.0);
  std::vector<bool> seen(csize, false);
  for (const Row& r : rows) {
    const int k = r.m * nmax - r.m * (r.m - 1) / 2 + r.n;  // GeographicLib's index(n, m)
    if (seen[k])
      return error_at(
          source, 0,
          "duplicate coefficient n=" + std::to_string(r.n) + " m=" + std::to_string(r.m));
    seen[k] = true;
    impl->C[k] = r.g;
    impl->C1[k] = r.gd;
    if (r.m > 0) {
      impl->S[k - (nmax + 1)] = r.h;
      impl->S1[k - (nmax + 1)] = r.hd;
    }
  }
  impl->radius_m = kWmmReferenceRadiusM;
  impl->sum = GeographicLib::SphericalHarmonic1(impl->C, impl->S, nmax, impl->C1, impl->S1, nmax,
                                                kWmmReferenceRadiusM,
                                                GeographicLib::SphericalHarmonic1::SCHMIDT);
  model.max_degree = nmax;
  model.impl = std::move(impl);
  return model;
}

Result<MagneticModel> load_magnetic_model(const std::string& path) {
  std::ifstream f(path);
  if (!f) return Error{path + ": cannot open the magnetic model file"};
  std::ostringstream s;
  s << f.rdbuf();
  return parse_magnetic_model(s.str(), path);
}

Vec3 magnetic_field_ned_nt(const MagneticModel& m, const Geodetic& at, double decimal_year) {
  KESTREL_CHECK(m.loaded(), "magnetic_field_ned_nt on an unloaded model");
  const Vec3 p = ecef_from_geodetic(at);
  double gx = 0, gy = 0, gz = 0;
  m.impl->sum(decimal_year - m.epoch_year, p.x(), p.y(), p.z(), gx, gy, gz);
  const Vec3 b_ecef = -m.impl->radius_m * Vec3(gx, gy, gz);
  return R_ned_from_ecef(at.lat_rad, at.lon_rad) * b_ecef;
}

double magnetic_declination_rad(const Vec3& b) { return std::atan2(b.y(), b.x()); }
double magnetic_inclination_rad(const Vec3& b) { return std::atan2(b.z(), b.head<2>().norm()); }

const Vec3& cached_field_ned_nt(MagneticFieldCache& c, const Geodetic& at, double decimal_year) {
  bool stale = !c.valid || std::fabs(decimal_year - c.year) > c.years ||
               std::fabs(at.height_ellipsoid_m - c.at.height_ellipsoid_m) > c.vertical_m;
  if (!stale) {
    // Local flat approximation of the horizontal move: plenty at a 500 m threshold.
    const double dn = (at.lat_rad - c.at.lat_rad) * kWgs84A;
    const double de = (at.lon_rad - c.at.lon_rad) * kWgs84A * c.cos_lat;
    stale = !(dn * dn + de * de <= c.horizontal_m * c.horizontal_m);
  }
  if (stale && std::isfinite(at.lat_rad) && std::isfinite(at.lon_rad) &&
      std::isfinite(at.height_ellipsoid_m) && std::isfinite(decimal_year)) {
    c.field_ned_nt = magnetic_field_ned_nt(c.model, at, decimal_year);
    c.at = at;
    c.cos_lat = std::cos(at.lat_rad);
    c.year = decimal_year;
    c.valid = true;
    ++c.evaluations;
  }
  return c.field_ned_nt;
}

}  // namespace kestrel

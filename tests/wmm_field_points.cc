// Prints Kestrel's WMM2025 field at a fixed set of places, heights and dates as JSON, for the
// comparison with the independent implementation geomagnetism (tests/wmm_geomagnetism_test.sh).
#include <cstdio>

#include "env/magnetic_field.h"
#include "sensors/sensor_suite.h"

int main() {
  using namespace kestrel;
  Result<MagneticModel> m = load_default_magnetic_model();
  if (!m.ok()) {
    std::fprintf(stderr, "%s\n", m.error().message.c_str());
    return 1;
  }
  struct P {
    double lat, lon;
  };
  // Equator, both poles' vicinity, mid-latitudes in both hemispheres and both longitudes, the
  // South Atlantic anomaly, near the north magnetic pole.
  const P places[] = {{0, 0},     {0, 120},   {89.5, 30}, {-89.5, -140}, {47, 8},
                      {32, 35},   {-34, 151}, {40, -105}, {-45, -70},    {-25, -45},
                      {64, -150}, {78, -100}, {-70, 140}, {15, 75}};
  const double heights[] = {0, 3000, 10000, 20000};
  const double years[] = {2025.2, 2026.5, 2028.0, 2029.7};
  std::printf("[\n");
  bool first = true;
  int i = 0;
  for (const P& p : places) {
    for (double h : heights) {
      const double year = years[(i++) % 4];
      const Vec3 b =
          magnetic_field_ned_nt(m.value(), Geodetic{deg_to_rad(p.lat), deg_to_rad(p.lon), h}, year);
      std::printf(
          "%s  {\"year\": %.4f, \"lat_deg\": %.4f, \"lon_deg\": %.4f, \"height_m\": %.1f, "
          "\"north_nt\": %.4f, \"east_nt\": %.4f, \"down_nt\": %.4f}",
          first ? "" : ",\n", year, p.lat, p.lon, h, b.x(), b.y(), b.z());
      first = false;
    }
  }
  std::printf("\n]\n");
  return 0;
}

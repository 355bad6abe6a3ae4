#include "nav/nav_bench.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "nav/nav_filter.h"
#include "nav/nav_synthetic.h"

namespace kestrel {

namespace {
void push_all(NavFilter& f, const nav::SynthSamples& s) {
  f.push_imu(s.imu);
  if (s.gnss) f.push_gnss(*s.gnss);
  if (s.baro) f.push_baro(*s.baro);
  if (s.airspeed) f.push_airspeed(*s.airspeed);
  if (s.mag) f.push_mag(*s.mag);
}
}  // namespace

double nav_bench_us_per_cycle(int cycles) {
  nav::SynthConfig c;
  nav::SynthFlight sim(c);
  NavParams p;
  p.mag_declination_rad = c.mag_decl_rad;
  p.mag_inclination_rad = c.mag_incl_rad;
  p.mag_strength_gauss = c.mag_strength;
  NavFilter f(p);
  for (int i = 0; i < 400 * 60; ++i) push_all(f, sim.step());
  // Time in chunks; the samples of a chunk are generated beforehand.
  constexpr int kChunkCycles = 1000;
  std::vector<nav::SynthSamples> buf(kChunkCycles * 4);
  double total_s = 0;
  int done = 0;
  while (done < cycles) {
    const int n = std::min(kChunkCycles, cycles - done);
    for (int i = 0; i < 4 * n; ++i) buf[i] = sim.step();
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 4 * n; ++i) push_all(f, buf[i]);
    total_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    done += n;
  }
  return cycles > 0 ? total_s * 1e6 / cycles : 0.0;
}

}  // namespace kestrel

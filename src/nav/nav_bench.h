// Speed of the navigation filter, for the lead's bench (no assertions on wall
// time in tests).
#pragma once

namespace kestrel {

// Feeds synthetic samples at realistic rates (IMU 400 Hz, GNSS 10 Hz,
// baro/airspeed/mag 50 Hz) to a NavFilter and returns the mean wall time per
// 100 Hz cycle (one prediction plus its share of fusions) in microseconds,
// measured with steady_clock over `cycles` cycles after a 60 s warm-up. Sample
// generation is outside the timed region.
double nav_bench_us_per_cycle(int cycles);

}  // namespace kestrel

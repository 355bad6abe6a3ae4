// Random numbers: one seed per run, split into named independent streams (design.md §4), so that
// adding a consumer never changes what another stream draws. The generator (xoshiro256**, seeded
// through SplitMix64) and the normal deviates (Marsaglia's polar method) are written out here
// rather than taken from <random> because the standard distributions are not specified bit for bit
// across library implementations, and a run must give the same numbers everywhere.
#pragma once

#include <cstdint>
#include <string_view>

namespace kestrel {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0);
  uint64_t next_u64();
  // Uniform in [0, 1).
  double uniform();
  // Standard normal deviate N(0, 1).
  double normal();

 private:
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Derive the seed of a named stream from the run seed (FNV-1a of the name mixed with SplitMix64).
uint64_t stream_seed(uint64_t run_seed, std::string_view stream_name);

inline Rng make_stream(uint64_t run_seed, std::string_view stream_name) {
  return Rng(stream_seed(run_seed, stream_name));
}

}  // namespace kestrel

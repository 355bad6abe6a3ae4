// Reading an announcement ring that the flight software writes (the mission engine's events, the
// failsafes' notes): a count of all entries ever written, entry k in slot k % N. Header-only.
#pragma once

#include <cstdint>

namespace kestrel {

// The new entries of a ring of N, from `seen` on: on_lost(n) first when n were overwritten
// unread, then each(slot) in order, oldest first; `seen` moves to the count. Counts are unsigned
// and their differences modular, so the reading stays right across the count's wrap at 2^32 when
// N divides 2^32 (the rings are powers of two).
template <int N, typename Lost, typename Each>
void read_ring(uint32_t count, uint32_t& seen, Lost&& on_lost, Each&& each) {
  static_assert(N > 0 && (N & (N - 1)) == 0, "the ring's size must be a power of two");
  if (count == seen) return;
  uint32_t first = seen;
  if (count - first > static_cast<uint32_t>(N)) {
    first = count - N;
    on_lost(first - seen);
  }
  for (uint32_t n = first; n != count; ++n) each(n % N);
  seen = count;
}

}  // namespace kestrel

#pragma once

#include <string>

#include "stats/sample_generator.hpp"

namespace cairn::stats::testing_samples {

/// Feeds `parse` random bytes, every truncation of `valid`, and `valid` with random bytes overwritten. Whatever it
/// returns must be an Error or a usable value; crashes and over-allocation are what the sanitizer build catches.
/// Returns how many strict prefixes of `valid` were accepted: a format that knows its length accepts none.
template <class Parse>
int fuzz_deserializer(const std::string& valid, Parse parse) {
  SplitMix64 g(12345);
  int truncated_accepted = 0;
  for (std::size_t cut = 0; cut < valid.size(); ++cut) truncated_accepted += parse(valid.substr(0, cut)) ? 1 : 0;
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(g.next() % 64, '\0');
    for (auto& c : bytes) c = static_cast<char>(g.next());
    if (round % 2) bytes.insert(0, 1, '\x01');  // the right version byte, so parsing goes further
    (void)parse(bytes);
  }
  for (int round = 0; round < 2000; ++round) {
    std::string bytes = valid;
    const int flips = 1 + static_cast<int>(g.next() % 4);
    for (int f = 0; f < flips && !bytes.empty(); ++f) bytes[g.next() % bytes.size()] = static_cast<char>(g.next());
    (void)parse(bytes);
  }
  return truncated_accepted;
}

}  // namespace cairn::stats::testing_samples

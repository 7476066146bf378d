#pragma once

#include "tests/integration/child_process.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace switchyard::testing {

/// A private CA and certificates signed by it (tools/gen-certs) in a fresh folder, removed
/// afterwards: ca.pem and ca.key, and NAME.pem and NAME.key for each name asked for.
class cert_dir {
public:
  explicit cert_dir(const std::vector<std::string>& names) {
    path_ = std::filesystem::temp_directory_path()
            / ("switchyard-certs-" + std::to_string(getpid()) + "-" + std::to_string(counter_++));
    std::vector<std::string> args{path_.string()};
    args.insert(args.end(), names.begin(), names.end());
    auto r = run(std::string{SWITCHYARD_SOURCE_DIR} + "/tools/gen-certs", args);
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
  }

  ~cert_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  cert_dir(const cert_dir&) = delete;
  cert_dir& operator=(const cert_dir&) = delete;

  /// Returns the path of `name` in the folder (e.g. "ca.pem").
  std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

} // namespace switchyard::testing

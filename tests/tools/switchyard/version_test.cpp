// `switchyard --version`: what an operator reads to know which build runs.

#include "tests/integration/child_process.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace switchyard::testing;

TEST_SUITE("switchyard --version") {
  TEST_CASE("prints the version, the commit configured from and the build type") {
    auto version = run(SWITCHYARD_BIN_DIR "/switchyard", {"--version"});
    CHECK(version.exit_code == 0);
    // The commit is `git describe --always --dirty` at configure time, "unknown" outside git.
    static const std::regex line{
      R"(switchyard [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{7,40}(-dirty)?|unknown), )"
      R"((Release|Debug|RelWithDebInfo|MinSizeRel|) build\)\n)"};
    INFO(version.output);
    CHECK(std::regex_match(version.output, line));
    CHECK(version.output.starts_with("switchyard " SWITCHYARD_VERSION " "));
    CHECK(version.output.find(SWITCHYARD_BUILD_TYPE " build)") != std::string::npos);
  }
}

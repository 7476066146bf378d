# Shared build settings for every Switchyard target.

# Applies the project's warning set (and -Werror when SWITCHYARD_WERROR is on).
function(switchyard_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual
                         -Wimplicit-fallthrough)
  if(SWITCHYARD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Declares a library of the project: include paths rooted at the repository.
function(switchyard_library target)
  add_library(${target} ${ARGN})
  target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}")
  switchyard_warnings(${target})
endfunction()

# Declares a doctest executable whose cases ctest runs one by one (ctest -j2).
# TIMEOUT (seconds, default 120) bounds each case.
function(switchyard_test target)
  cmake_parse_arguments(arg "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 120)
  endif()
  add_executable(${target} ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE switchyard_doctest_main ${arg_LIBS})
  switchyard_warnings(${target})
  # A case whose name the filter fails to match would run nothing and pass: fail that.
  doctest_discover_tests(${target} TEST_PREFIX "${target}:"
                         WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                         PROPERTIES TIMEOUT ${arg_TIMEOUT} FAIL_REGULAR_EXPRESSION "test cases: +0 [|]")
endfunction()

# Precompiled headers: the heavy third-party headers parsed once per build instead of once per
# source. One target compiles each set and the others with the same flags reuse it. Only
# targets that already use these libraries get them: a plain library never sees CAF or Asio
# this way (tests/layering_check.cmake checks what the sources include).
set(switchyard_caf_pch_headers <caf/all.hpp>)
set(switchyard_asio_pch_headers
  <boost/asio/io_context.hpp> <boost/asio/ip/tcp.hpp> <boost/asio/post.hpp>
  <boost/asio/ssl/context.hpp> <boost/asio/ssl/stream.hpp> <boost/asio/steady_timer.hpp>
  <boost/asio/strand.hpp> <boost/asio/write.hpp> <boost/beast/core/flat_buffer.hpp>
  <boost/beast/http/message.hpp> <boost/beast/http/read.hpp> <boost/beast/http/string_body.hpp>
  <boost/beast/http/write.hpp> <boost/beast/websocket/stream.hpp>)

# switchyard_reuse_pch(target source_target): target compiles with source_target's
# precompiled headers (the same compiler flags; -Winvalid-pch turns a mismatch into an error
# under SWITCHYARD_WERROR).
function(switchyard_reuse_pch target source_target)
  target_precompile_headers(${target} REUSE_FROM ${source_target})
endfunction()

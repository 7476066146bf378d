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

# Fails when a plain library (protocols/, config/, core/) includes CAF or Asio, or when the
# data path (actors/io/, actors/iso8583/, actors/jsonrpc/: Asio, no actors) includes CAF.
# Run by ctest: cmake -DSOURCE_DIR=<repo> -P layering_check.cmake
set(violations "")
foreach(dir actors/io actors/iso8583 actors/jsonrpc)
  file(GLOB_RECURSE sources "${SOURCE_DIR}/${dir}/*.hpp" "${SOURCE_DIR}/${dir}/*.cpp")
  foreach(source IN LISTS sources)
    file(STRINGS "${source}" hits
         REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](caf/|actors/[a-z_]+\\.hpp)")
    if(hits)
      file(RELATIVE_PATH rel "${SOURCE_DIR}" "${source}")
      list(APPEND violations "${rel}: ${hits}")
    endif()
  endforeach()
endforeach()
# core/ knows no protocol: it reads requests through its own neutral interfaces.
file(GLOB_RECURSE core_sources "${SOURCE_DIR}/core/*.hpp" "${SOURCE_DIR}/core/*.cpp")
foreach(source IN LISTS core_sources)
  file(STRINGS "${source}" hits REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]protocols/")
  if(hits)
    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${source}")
    list(APPEND violations "${rel}: ${hits}")
  endif()
endforeach()
foreach(dir protocols config core)
  file(GLOB_RECURSE sources "${SOURCE_DIR}/${dir}/*.hpp" "${SOURCE_DIR}/${dir}/*.cpp"
       "${SOURCE_DIR}/${dir}/*.h")
  foreach(source IN LISTS sources)
    file(STRINGS "${source}" hits REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](caf/|boost/asio|boost/beast)")
    if(hits)
      file(RELATIVE_PATH rel "${SOURCE_DIR}" "${source}")
      list(APPEND violations "${rel}: ${hits}")
    endif()
  endforeach()
endforeach()
if(violations)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "layering broken (plain libraries include neither CAF nor Asio; the data "
                      "path includes no CAF and no actor; core/ includes no protocol):\n  ${text}")
endif()
message(STATUS "layering: protocols/, config/ and core/ include neither CAF nor Asio; "
               "actors/io/, actors/iso8583/ and actors/jsonrpc/ no CAF")

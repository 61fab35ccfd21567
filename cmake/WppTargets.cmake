# Target helpers: one static library per domain folder, one GoogleTest binary
# per test file, and embedding of files (migrations, any bytes) into C++.

# wpp_library(NAME <name> [SRCS ...] [DEPS ...])
#   Exported as wpp::<name>. The include root is src/, so code includes
#   "wporg/client.h".
function(wpp_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  if(ARG_SRCS)
    add_library(wpp_${ARG_NAME} STATIC ${ARG_SRCS})
    target_include_directories(wpp_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(wpp_${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE wpp_warnings)
  else()
    add_library(wpp_${ARG_NAME} INTERFACE)
    target_include_directories(wpp_${ARG_NAME} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(wpp_${ARG_NAME} INTERFACE ${ARG_DEPS})
  endif()
  add_library(wpp::${ARG_NAME} ALIAS wpp_${ARG_NAME})
endfunction()

# wpp_test(NAME <name> SRCS ... DEPS ...)
#   One GoogleTest binary per test file, registered with CTest case by case.
function(wpp_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} wpp_warnings GTest::gmock GTest::gtest_main)
  target_compile_definitions(${ARG_NAME} PRIVATE
    WPP_SOURCE_DIR="${PROJECT_SOURCE_DIR}" WPP_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit)
endfunction()

# wpp_embed_files(OUTPUT <file.cc> NAMESPACE <ns> SYMBOL <name> BASE <dir> FILES ...)
#   Generates a .cc defining
#     const std::vector<std::pair<std::string_view, std::string_view>> <ns>::<name>
#   mapping each file's path relative to BASE ("templates/layout.mustache",
#   "static/img/logo.png"; "0001_init.sql" when BASE is the file's folder) to
#   its bytes, any bytes (NUL, 0xFF) and any size, sorted by that key and
#   re-generated when a file changes. It stands in for Go's embed.
function(wpp_embed_files)
  cmake_parse_arguments(ARG "" "OUTPUT;NAMESPACE;SYMBOL;BASE" "FILES" ${ARGN})
  if(NOT ARG_BASE)
    message(FATAL_ERROR "wpp_embed_files(${ARG_SYMBOL}): BASE is required")
  endif()
  string(REPLACE ";" "|" joined "${ARG_FILES}")
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DNAMESPACE=${ARG_NAMESPACE}
            -DSYMBOL=${ARG_SYMBOL} -DBASE=${ARG_BASE} "-DFILES=${joined}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${ARG_SYMBOL}" VERBATIM)
endfunction()

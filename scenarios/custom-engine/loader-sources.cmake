# The loader's sources (plain C++ and QtCore): the lab's build (CMakeLists.txt here) and the
# fuzz project (fuzz/CMakeLists.txt) both build them from this one list.
set(custom_config_sources
  ${CMAKE_CURRENT_LIST_DIR}/config-keys.cc
  ${CMAKE_CURRENT_LIST_DIR}/config-lookup.cc
  ${CMAKE_CURRENT_LIST_DIR}/config-parser.cc
  ${CMAKE_CURRENT_LIST_DIR}/config-values.cc
  ${CMAKE_CURRENT_LIST_DIR}/json-object.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse-attackers.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse-ipsec.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse-topology.cc
  ${CMAKE_CURRENT_LIST_DIR}/parse-traffic.cc
)

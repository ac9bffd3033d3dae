# Finds libpcap (Debian: libpcap-dev) and defines the imported target PCAP::PCAP, for its headers:
# sipwhy loads the library itself when a capture is read (src/cli/pcap_api.cpp), by the soname
# found here in PCAP_SONAME (Debian: libpcap.so.0.8).
find_path(PCAP_INCLUDE_DIR NAMES pcap/pcap.h)
find_library(PCAP_LIBRARY NAMES pcap)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PCAP REQUIRED_VARS PCAP_LIBRARY PCAP_INCLUDE_DIR)

if(PCAP_FOUND AND NOT TARGET PCAP::PCAP)
  add_library(PCAP::PCAP UNKNOWN IMPORTED)
  set_target_properties(PCAP::PCAP PROPERTIES
    IMPORTED_LOCATION "${PCAP_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${PCAP_INCLUDE_DIR}")
endif()
if(PCAP_FOUND AND NOT PCAP_SONAME)
  execute_process(COMMAND objdump -p "${PCAP_LIBRARY}" OUTPUT_VARIABLE pcap_dynamic ERROR_QUIET)
  string(REGEX MATCH "SONAME +([^\n ]+)" pcap_soname_line "${pcap_dynamic}")
  if(CMAKE_MATCH_1)
    set(PCAP_SONAME "${CMAKE_MATCH_1}" CACHE STRING "The soname sipwhy loads libpcap by")
  else()
    set(PCAP_SONAME "libpcap.so" CACHE STRING "The soname sipwhy loads libpcap by")
  endif()
endif()
mark_as_advanced(PCAP_INCLUDE_DIR PCAP_LIBRARY PCAP_SONAME)

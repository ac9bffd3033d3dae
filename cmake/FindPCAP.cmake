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
if(PCAP_FOUND)
  include(${CMAKE_CURRENT_LIST_DIR}/Soname.cmake)
  sipwhy_soname(PCAP_SONAME "${PCAP_LIBRARY}" libpcap.so "The soname sipwhy loads libpcap by")
endif()
mark_as_advanced(PCAP_INCLUDE_DIR PCAP_LIBRARY PCAP_SONAME)

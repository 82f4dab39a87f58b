# Every third-party library FaceCase uses, found the way BUILD-NOTES.md says works on Debian 12.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Sql Gui Widgets Concurrent Test)
qt_standard_project_setup()

find_package(OpenCV 4.6 REQUIRED COMPONENTS core imgproc imgcodecs dnn)
find_package(dlib 19.24 REQUIRED CONFIG)

# hnswlib is header-only and its header defines non-inline functions: one TU may include it.
find_path(HNSWLIB_INCLUDE_DIR hnswlib/hnswlib.h REQUIRED)
add_library(facecase_hnswlib INTERFACE)
target_include_directories(facecase_hnswlib SYSTEM INTERFACE "${HNSWLIB_INCLUDE_DIR}")

# libzip (Debian libzip-dev) writes and reads case bundles as ZIP files. It ships a pkg-config
# file, and on Debian 12 (1.7.3) no CMake config that every version agrees on, so: pkg-config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip>=1.7)
add_library(facecase_libzip INTERFACE)
target_link_libraries(facecase_libzip INTERFACE PkgConfig::LIBZIP)

# libsodium (Debian libsodium-dev 1.0.18) hashes the supervisor passphrase with Argon2id
# (crypto_pwhash_str). pkg-config, as BUILD-NOTES.md says.
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
add_library(facecase_sodium INTERFACE)
target_link_libraries(facecase_sodium INTERFACE PkgConfig::SODIUM)

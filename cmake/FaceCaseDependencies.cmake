# Every third-party library FaceCase uses, found the way BUILD-NOTES.md says works on Debian 12.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Sql Gui Widgets Concurrent Test)
qt_standard_project_setup()

find_package(OpenCV 4.6 REQUIRED COMPONENTS core imgproc imgcodecs dnn)
find_package(dlib 19.24 REQUIRED CONFIG)

# hnswlib is header-only and its header defines non-inline functions: one TU may include it.
find_path(HNSWLIB_INCLUDE_DIR hnswlib/hnswlib.h REQUIRED)
add_library(facecase_hnswlib INTERFACE)
target_include_directories(facecase_hnswlib SYSTEM INTERFACE "${HNSWLIB_INCLUDE_DIR}")

#include "services/enrollment/enrollment_in_flight.h"

namespace facecase {

bool EnrollmentInFlight::addPath(const QString& path) {
    const std::lock_guard lock(m_mutex);
    if (m_paths.contains(path)) return false;
    m_paths.insert(path);
    return true;
}

std::optional<QString> EnrollmentInFlight::addHash(const QString& sha256, const QString& path) {
    const std::lock_guard lock(m_mutex);
    const auto it = m_pathByHash.constFind(sha256);
    if (it != m_pathByHash.constEnd()) return it.value();
    m_pathByHash.insert(sha256, path);
    return std::nullopt;
}

void EnrollmentInFlight::remove(const QString& path, const QString& sha256) {
    const std::lock_guard lock(m_mutex);
    m_paths.remove(path);
    if (!sha256.isEmpty()) {
        const auto it = m_pathByHash.find(sha256);
        if (it != m_pathByHash.end() && it.value() == path) m_pathByHash.erase(it);
    }
}

}  // namespace facecase

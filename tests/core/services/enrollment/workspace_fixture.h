#pragma once

#include <QString>
#include <optional>

#include "services/enrollment/gallery_admin.h"
#include "store/database_connection.h"
#include "store/workspace.h"
#include "support/test_workspaces.h"
#include "types/actor.h"

namespace facecase::test {

// A new workspace on the test's backend (TestWorkspaces) for each test function of the enrollment services' tests, with the
// analyst "dana" creating galleries through GalleryAdmin as the app does. A failure to set it up
// is fatal: nothing after it would mean anything.
class EnrollmentWorkspace {
public:
    void open() {
        auto opened = m_workspaces.next();
        if (!opened) qFatal("%s", qPrintable(opened.errorMessage()));
        m_workspace = *opened;
        auto connection = m_workspace->openConnection();
        if (!connection) qFatal("%s", qPrintable(connection.errorMessage()));
        m_db.emplace(std::move(connection).value());
    }
    void close() {
        m_db.reset();
        m_workspace.reset();
    }

    const Workspace& workspace() const { return *m_workspace; }
    const DatabaseConnection& db() const { return *m_db; }
    GalleryAdmin admin() const { return GalleryAdmin(*m_workspace, *m_db, Actor(QStringLiteral("dana"))); }
    Gallery createGallery(const QString& name) const {
        auto gallery = admin().create(name);
        if (!gallery) qFatal("%s", qPrintable(gallery.errorMessage()));
        return *gallery;
    }

private:
    TestWorkspaces m_workspaces;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;
};

}  // namespace facecase::test

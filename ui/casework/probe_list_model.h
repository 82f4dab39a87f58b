#pragma once

#include <QAbstractListModel>
#include <vector>

#include "store/probe_record.h"

namespace facecase::ui {

// The probe photos of the open case, in import order: file name, and in the tooltip the
// evidence facts (SHA-256, original path, import time, declared kind). Plain data set from the
// database worker's results; never loads anything itself.
class ProbeListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role { ProbeIdRole = Qt::UserRole + 1, Sha256Role, EvidencePathRole };

    using QAbstractListModel::QAbstractListModel;

    void setProbes(std::vector<ProbeRecord> probes);
    // Appends, or returns the row of the probe with the same id.
    int addProbe(const ProbeRecord& probe);
    const ProbeRecord& probe(int row) const { return m_probes.at(std::size_t(row)); }
    int rowOf(qint64 probeId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::vector<ProbeRecord> m_probes;
};

}  // namespace facecase::ui

// Override of Frappe's form timeline (checked against Frappe 15.55.1: frappe/public/js/frappe/form/footer/
// form_timeline.js, FormTimeline.get_version_timeline_contents). xueji_app.overrides.contracts checks that the
// method is still there.
frappe.provide("xueji");

// The activity log names values as the reader knows them: "由“待提交”改为“待主管部门核办”", not "from Draft to
// Pending Authority Approval". Frappe's timeline prints a version's stored values; each form's timeline is given
// the versions with Select and workflow-state values translated (and an empty value named) before it prints them.
xueji.readable_version = function (version, doctype) {
	let data;
	try {
		data = JSON.parse(version.data);
	} catch (e) {
		return version;
	}
	if (!data || !Array.isArray(data.changed)) return version;
	const readable = (fieldname, value) => {
		if (value === null || value === undefined || value === "") return __("(empty)");
		const df = frappe.meta.get_docfield(doctype, fieldname);
		if (df && (df.fieldtype === "Select" || (df.fieldtype === "Link" && ["Workflow State", "DocType"].includes(df.options)))) {
			return __(String(value), null, doctype);
		}
		return value;
	};
	data.changed = data.changed.map(([fieldname, before, after]) => [fieldname, readable(fieldname, before), readable(fieldname, after)]);
	return Object.assign({}, version, { data: JSON.stringify(data) });
};

$(document).on("form-refresh", (event, frm) => {
	const timeline = frm && frm.timeline;
	const proto = timeline && Object.getPrototypeOf(timeline);
	if (!proto || proto.xueji_readable || !proto.get_version_timeline_contents) return;
	proto.xueji_readable = true;
	const original = proto.get_version_timeline_contents;
	proto.get_version_timeline_contents = function () {
		const versions = this.doc_info && this.doc_info.versions;
		if (!versions) return original.call(this);
		this.doc_info.versions = versions.map((v) => xueji.readable_version(v, this.frm.doctype));
		try {
			return original.call(this);
		} finally {
			this.doc_info.versions = versions;
		}
	};
	timeline.refresh && timeline.refresh();
});

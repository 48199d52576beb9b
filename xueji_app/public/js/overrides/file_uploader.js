// The desk's file uploader (Frappe 15: frappe/public/js/frappe/file_uploader/, FileUploader.vue and FilePreview.vue)
// offers a per-file 私有 checkbox, 「Optimize」 and the dialog's 「Set all public」 button; on Frappe 15.51 the
// dialog ignores allow_toggle_private. Every upload of an official is made private on the server
// (xueji_app.overrides.file.XuejiFile.keep_private), so for anyone but the platform administrator the switches are
// hidden here: a clerk is never offered a choice the server will not honour. Styles, not a patch of the Vue
// component, so a Frappe update that renames a class shows the switches again rather than breaking uploads.
frappe.provide("xueji");

$(() => {
	if (!frappe.session || xueji.is_platform_admin()) return;
	document.body.classList.add("xueji-official");
	const style = document.createElement("style");
	style.textContent = [
		"body.xueji-official .file-uploader .file-preview .config-area { display: none !important; }",
		"body.xueji-official .modal:has(.file-uploader) .btn-modal-secondary { display: none !important; }",
	].join("\n");
	document.head.appendChild(style);
});

"""The three standard policies shipped with the product, built from the regulation texts. Installed as Roll
Policy records (when absent); from then on they are data a bureau edits in the desk.

Each entry: (key, title, region code or None for national, stage or None for all, parameters).
"""

from __future__ import annotations

from .policy import (
	ABROAD,
	CITY,
	CONTINUOUS_SUSPENSION,
	DEATH,
	DROPOUT,
	EXPULSION,
	GUARDIAN_ABROAD_OR_SERVICE,
	GUARDIAN_JOB_MOVE,
	HEALTH_CHANGE,
	HOUSEHOLD_MOVE,
	ILLNESS,
	MIGRANT_FAMILY_MOVE,
	OTHER_SPECIAL_REASON,
	REPEAT,
	RESIDENCE_MOVE,
	RESUMPTION,
	RETURN_FROM_ABROAD,
	SKIP,
	SUSPENSION,
	SUSPENSION_LAPSED,
	TRANSFER,
	TRUANCY,
	WITHDRAWAL,
)
from .policy import (
	GUARDIAN_APPLICATION as GUARDIAN_APPLIED,
)

HOSPITAL = "县级及以上医院证明"
RECOVERY = "康复证明"
PASSPORT = "护照或签证"
DEATH_PROOF = "死亡证明"
HOUSEHOLD = "户口簿或居住证明"
TRANSFER_FORM = "签字的转学联系表"
GUARDIAN_APPLICATION = "监护人书面申请"
# LN 第十八、十九条
MEDICAL_RECORD = "病历"
MEDICAL_INVOICE = "医疗收费发票"
OTHER_PROOF = "有关证明材料"
RECOVERY_LN = "县级及以上医院康复证明"
# YK 第十四条(二)(四), 第十五条
DIAGNOSIS_YK = "县级及以上医疗单位诊断证明"
SUSPENSION_FORM_YK = "休学申请表（监护人书面申请）"
EXAM_REGISTRATION_YK = "高考报名证明"
SCHOOL_MEETING = "校务会议记录"
WITHDRAWAL_FORM_YK = "退学申请表（监护人书面申请）"
# LN 第十四条: 转学材料
RECORD_CARD = "学生基本信息表（转出学校盖章）"
HOUSEHOLD_BOOK = "居民户口簿"
RESIDENCE_PROOF = "实际常住地居住证明"
# … 户籍信息没有变化的，需提供转学原因的相关证明材料 (第十三条's reasons other than the household's move)
LN_REASON_PROOFS = {
	GUARDIAN_JOB_MOVE: ["父母或监护人工作调动证明"],
	MIGRANT_FAMILY_MOVE: ["居住地迁移证明"],
	GUARDIAN_ABROAD_OR_SERVICE: ["长期出国（出境）工作、支援边疆建设或现役军人工作调动证明"],
	HEALTH_CHANGE: ["县级及以上医院证明"],
}
# FAQ 第十二问: 跨省转学，除家长向转入学校提出书面申请外，可以不再提供其他纸质手续
FAMILY_APPLICATION = "家长书面申请"

#: the reasons of a suspension, as codes with the label a clerk reads (LN 第十八条, YK 第十四条(一): 因病或其他特殊原因)
SUSPENSION_REASONS = [[ILLNESS, "因病"], [OTHER_SPECIAL_REASON, "其他特殊原因"]]

STANDARD = [
	(
		"NAT", "National default (中小学生学籍管理办法, 2013)", None, None,
		{
			"step_deadline_workdays": 10,  # 第十四条
			"death_report_workdays": 10,
			"transfer_reasons": [HOUSEHOLD_MOVE, RESIDENCE_MOVE, GUARDIAN_JOB_MOVE, MIGRANT_FAMILY_MOVE,
								 GUARDIAN_ABROAD_OR_SERVICE, HEALTH_CHANGE],
			"same_grade_required": True,
			"suspension_years": 1,
			# FAQ 十: 毕业后跨省就学 is open only around admission (the dates are this product's reading)
			"next_stage_window_start": "06-01",
			"next_stage_window_end": "10-31",
			"approver": {},
			"change_reasons": {SUSPENSION: SUSPENSION_REASONS},
			"cross_province_transfer_documents": [FAMILY_APPLICATION],
			"required_evidence": {
				TRANSFER: [TRANSFER_FORM, HOUSEHOLD],
				f"{SUSPENSION}:{ILLNESS}": [HOSPITAL],
				f"{RESUMPTION}:{ILLNESS}": [RECOVERY],  # follows the suspension's reason
				ABROAD: [PASSPORT],
				DEATH: [DEATH_PROOF],
			},
		},
	),
	(
		"LN-COMPULSORY", "辽宁省义务教育阶段学生学籍管理办法实施细则 (2017)", "210000", "Compulsory",
		{
			"step_deadline_workdays": 10,  # 第十五条
			"fallback_admission_workdays": 20,  # 第十五条
			"transfer_reasons": [HOUSEHOLD_MOVE, GUARDIAN_JOB_MOVE, MIGRANT_FAMILY_MOVE, GUARDIAN_ABROAD_OR_SERVICE,
								 HEALTH_CHANGE],  # 第十三条
			"same_grade_required": True,
			"window_before_term_end_days": 31,  # 学期结束前 …
			"window_after_term_start_days": 31,  # … 或新学期开学后1个月内 (第十五条)
			"window_includes_holidays": True,  # … the holidays lie between the two ("一般": not refused then)
			"suspension_years": 1,
			"suspension_extensions": 1,  # 第十九条
			"forbid_suspension_last_term": True,
			"dropout_absence_weeks": 4,  # 第二十三条
			"withdrawal_allowed": False,  # 第二十三条: 在义务教育年限内为其保留学籍 (the 细则 has no 退学 …
			"expulsion_allowed": False,  # … and no 开除学籍)
			"graduation_deadline": "07-30",  # 第十二条: 7月30日前完成学生毕业（结业）操作
			"graduation_conditions": ["综合考核合格"],  # 第二十四条; 不合格者发给义务教育修业证明
			"unclaimed_graduates_after": "10-01",  # 第八条: 入学之日起1个月内建立（接续）学籍
			"repeat_allowed": True,
			"skip_allowed": True,
			"change_reasons": {SUSPENSION: SUSPENSION_REASONS},
			"required_evidence": {  # 第十四、十八、十九、二十一条
				TRANSFER: [TRANSFER_FORM, RECORD_CARD, HOUSEHOLD_BOOK, RESIDENCE_PROOF],
				**{f"{TRANSFER}:{reason}": proofs for reason, proofs in LN_REASON_PROOFS.items()},
				DEATH: [DEATH_PROOF],
				f"{SUSPENSION}:{ILLNESS}": [HOSPITAL, MEDICAL_RECORD, MEDICAL_INVOICE],
				f"{SUSPENSION}:{OTHER_SPECIAL_REASON}": [OTHER_PROOF],
				f"{RESUMPTION}:{ILLNESS}": [RECOVERY_LN],
			},
		},
	),
	(
		"YK-SENIOR", "营口市普通高中学籍管理实施细则（试行）(2024)", "210800", "Senior",
		{
			"transfer_reasons": [HOUSEHOLD_MOVE, RESIDENCE_MOVE, GUARDIAN_JOB_MOVE],  # 第十三条(一)
			"window_before_term_start_days": 14,  # 学期开学前后两周内
			"window_after_term_start_days": 14,
			"window_before_term_end_days": None,
			"forbidden_terms": ["31:1", "33:2"],  # 高一年级第一学期、高三年级第二学期
			"transfer_prior_review": CITY,  # 第十三条(三): 市教育局审核通过后指定转入学校
			"transfer_archive": CITY,  # … 第五步: 报送市教育局存档
			"forbid_same_city": True,  # 拟转入、转出学校均属营口市普通高中
			"forbid_non_model_to_model_from_other_city": True,
			"forbid_private_to_public_from_other_city": True,
			"receiving_school_cap": 3000,
			"receiving_class_cap": 50,
			"forbid_after_exam_registration": True,
			"require_guardian_household_match": True,
			"suspension_years": 1,
			"suspension_max_count": 2,  # 第十四条(三)
			"last_term_suspension_after_exam": True,  # 第十四条(三): 高考报考后如遇重大事故或严重疾病确需休学的
			"resumption_apply_workdays_before_expiry": 10,  # 第十四条(四)
			"withdrawal_no_resumption_workdays": 20,  # 第十五条
			"withdrawal_continuous_suspension_years": 2,
			"truancy_continuous_weeks": 6,
			"truancy_cumulative_weeks": 8,
			"incomplete_after_study_years": 1,  # 第二十七条: 在校学习1年以上退学…认定为肄业
			"graduation_conditions": [  # 第二十五条; one not met (第二十六条: 合格性考试) gives 结业
				"达到毕业学分要求", "学业水平合格性考试所有科目和考查科目均合格", "综合素质评价合格且各维度C等及以上",
			],
			"repeat_allowed": False,  # 第十七条 学年学分制
			"skip_allowed": False,
			"approver": {t: CITY for t in (TRANSFER, SUSPENSION, RESUMPTION, WITHDRAWAL, EXPULSION, DEATH, ABROAD,
										   RETURN_FROM_ABROAD, REPEAT, SKIP, DROPOUT)},  # 市教育局核准
			"change_reasons": {
				SUSPENSION: SUSPENSION_REASONS,
				WITHDRAWAL: [  # 第十五条(一)1–4
					[SUSPENSION_LAPSED, "休学期满20个工作日未复学"], [CONTINUOUS_SUSPENSION, "连续休学2年仍不能复学"],
					[TRUANCY, "连续或累计旷课达到规定周数"], [GUARDIAN_APPLIED, "监护人书面申请退学"],
				],
			},
			"required_evidence": {
				SUSPENSION: [SUSPENSION_FORM_YK],  # 第十四条(二)
				# 第十四条(三): the exception in the last term, shown by the exam registration and the diagnosis
				f"{SUSPENSION}:Last Term Exception": [EXAM_REGISTRATION_YK, DIAGNOSIS_YK],
				f"{SUSPENSION}:{ILLNESS}": [DIAGNOSIS_YK],
				f"{RESUMPTION}:{ILLNESS}": [DIAGNOSIS_YK],  # 第十四条(四): 因病休学需出具…诊断证明
				WITHDRAWAL: [SCHOOL_MEETING],  # 第十五条: 学校作出退学处理决定需经校务会议讨论通过
				f"{WITHDRAWAL}:{GUARDIAN_APPLIED}": [WITHDRAWAL_FORM_YK],
				EXPULSION: [SCHOOL_MEETING],  # 第二十一条
			},
		},
	),
]

COMPULSORY_STAGES = ("Primary", "Junior")


def layers_for(region_chain: list[str], stage: str) -> list[dict]:
	"""The standard layers that apply to a school in ``region_chain`` (codes, province first) at ``stage``."""
	out = []
	for _key, _title, region, policy_stage, params in STANDARD:
		stage_ok = policy_stage is None or policy_stage == stage or (policy_stage == "Compulsory" and stage in COMPULSORY_STAGES)
		if stage_ok and (region is None or region in region_chain):
			out.append(params)
	return out


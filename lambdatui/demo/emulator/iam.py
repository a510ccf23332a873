"""IAM: SimulatePrincipalPolicy, which moto does not implement.

Upstream: a gap, not a divergence worth a bug report on its own. AWS answers the simulation;
moto raises NotImplementedError, which its server turns into an HTML 500 that botocore retries
five times. Answering a plain `NotImplemented` error instead lets lambdatui fall back at once to
reading the role's policies, as it does in an account that refuses the simulator.
"""

from __future__ import annotations

from typing import Any


def fix_simulate_principal_policy_unimplemented() -> None:
    """SimulatePrincipalPolicy → 400 `NotImplemented` (AWS: the simulation; moto: HTML 500)."""
    from moto.core.exceptions import ServiceException
    from moto.iam.responses import IamResponse

    class NotImplementedInEmulator(ServiceException):
        code = "NotImplemented"

    def simulate_principal_policy(self: Any) -> str:
        raise NotImplementedInEmulator("SimulatePrincipalPolicy is not implemented by moto")

    IamResponse.simulate_principal_policy = simulate_principal_policy  # type: ignore[attr-defined]

